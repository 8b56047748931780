"""Arabic date formats in Arabic order (day, month, year, then time), where Django's own are missing or US-ordered."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y، g:i A"
