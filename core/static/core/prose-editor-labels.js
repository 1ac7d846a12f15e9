/*
 * The rich-text editor's toolbar in the admin's language.
 *
 * django-prose-editor names its buttons in English ("bold", "heading 2") without gettext;
 * this translates their tooltips and accessible names, and the block-type picker, as the
 * editor draws them (and redraws them: the picker copies the chosen block's button). The
 * texts of its dialogs already go through gettext, so our catalogue has them too.
 */
"use strict";
{
    const pgettext = window.pgettext || ((context, text) => text);
    const interpolate = window.interpolate || ((format, values) => format.replace("%s", values[0]));
    const gettext_noop = (text) => text;

    const LABELS = new Map([
        ["paragraph", pgettext("editor toolbar", "Paragraph")],
        ["bold", pgettext("editor toolbar", "Bold")],
        ["italic", pgettext("editor toolbar", "Italic")],
        ["unordered list", pgettext("editor toolbar", "Bulleted list")],
        ["ordered list", pgettext("editor toolbar", "Numbered list")],
        ["blockquote", pgettext("editor toolbar", "Quotation")],
        ["insert link", pgettext("editor toolbar", "Insert link")],
        ["remove link", pgettext("editor toolbar", "Remove link")],
        ["undo", pgettext("editor toolbar", "Undo")],
        ["redo", pgettext("editor toolbar", "Redo")],
    ]);
    const HEADING = /^heading (\d)$/i;

    // The editor's own dialogs ask gettext for these; listed here so that they are in our
    // catalogue (makemessages finds them in this file).
    [
        gettext_noop("Edit Link"), gettext_noop("URL"), gettext_noop("Title"),
        gettext_noop("Insert"), gettext_noop("Update"), gettext_noop("Cancel"),
        gettext_noop("List properties"), gettext_noop("List type"), gettext_noop("Start at"),
        gettext_noop("Decimal numbers"), gettext_noop("Lowercase letters"),
        gettext_noop("Uppercase letters"), gettext_noop("Lowercase Roman numerals"),
        gettext_noop("Uppercase Roman numerals"), gettext_noop("Toggle fullscreen"),
    ];

    function translated(text) {
        const key = text.trim().toLowerCase();
        if (LABELS.has(key)) {
            return LABELS.get(key);
        }
        const heading = key.match(HEADING);
        return heading ? interpolate(pgettext("editor toolbar", "Heading %s"), [heading[1]]) : text;
    }

    function translate(root) {
        for (const button of root.querySelectorAll(".prose-menubar__button[title]")) {
            const label = translated(button.title);
            if (label !== button.title) {
                button.title = label;
                button.setAttribute("aria-label", label);
            }
        }
        for (const option of root.querySelectorAll(".prose-menubar__option > *")) {
            const label = translated(option.textContent);
            if (label !== option.textContent) {
                option.textContent = label;
            }
        }
    }

    function init() {
        const content = document.getElementById("content-main");
        if (!content) {
            return;
        }
        translate(content);
        new MutationObserver(() => translate(content)).observe(content, {
            childList: true,
            subtree: true,
            attributes: true,
            attributeFilter: ["title"],
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
