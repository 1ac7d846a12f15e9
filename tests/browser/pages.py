"""Every public page type, by the path it has in a language (the demo's records)."""

PAGE_TYPES = {
    "home": "",
    "meetings": "meetings/",
    "meetings-empty": "meetings/?q=khongcotu",
    "plans": "plans/",
    "plans-empty": "plans/?q=khongcotu",
    "news": "news/",
    "news-empty": "news/?q=khongcotu",
    "documents": "documents/",
    "documents-empty": "documents/?series=amri&year=2015",
    "meeting": "meetings/amri-17-kuala-lumpur-2025/",
    "plan": "plans/aim-2020/",
    "article": "news/asean-khoi-dong-ke-hoach-tong-the-ict-2020/",
    "page": "pages/tuyen-bo-tiep-can/",
    "series": "meetings/series/amri/",
    "search-form": "search/",
    "search": "search/?q=da+nang",
    "search-empty": "search/?q=khongcotu",
    "not-found": "khong-co-trang-nay/",
}
LANGUAGES = ["vi", "en"]


def page_url(site, language, page_type):
    return f"{site}/{language}/{PAGE_TYPES[page_type]}"
