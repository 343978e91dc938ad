# English as used in international correspondence: "5 January 2015" in prose, "05 Jan 2015" in
# tables (day first and the month in letters: "05/01/2015" reads differently on each side of the
# Atlantic), a 24-hour clock.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d M Y"
SHORT_DATETIME_FORMAT = "d M Y H:i"
FIRST_DAY_OF_WEEK = 1
