"""Dates as the portal's editors type them (``FORMAT_MODULE_PATH``): day first in both
languages, so "01/12/2026" is 1 December whichever language the admin is in; 24-hour times;
weeks from Monday. Each language keeps Django's formats for showing dates."""

#: Typed dates, the first one also how a date field shows its value.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 01/12/2026
    "%d-%m-%Y",  # 01-12-2026
    "%d.%m.%Y",  # 01.12.2026
    "%Y-%m-%d",  # 2026-12-01
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 08:00
    "%H:%M:%S",  # 08:00:00
    "%H:%M:%S.%f",
    "%Hh%M",  # 8h00, as Vietnamese often write it
    "%Hh",  # 8h
]
DATETIME_INPUT_FORMATS = [
    f"{date} {time}" for date in DATE_INPUT_FORMATS for time in TIME_INPUT_FORMATS[:3]
] + DATE_INPUT_FORMATS
FIRST_DAY_OF_WEEK = 1  # Monday
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
