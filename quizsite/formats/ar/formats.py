"""Arabic date formats in Arabic order (day, month, year, then time), where Django's own are missing or US-ordered,
and numbers written with a decimal point."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، g:i A"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y، g:i A"

# Django's Arabic formats write 3,9 for three point nine. The app shows Western digits inside Arabic
# text, where a comma reads as digit grouping (3,9 looks like 39), and the CSV exports and typed
# answers use the point: so Arabic pages write 3.9 too, and group thousands (where asked) with a comma.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
