# Russian: Django's own prose form ("5 января 2015 г."), hours with two digits ("09:05") as
# official documents write them, and "05.01.2015" in tables.
DATE_FORMAT = "j E Y г."
DATETIME_FORMAT = "j E Y г., H:i"
TIME_FORMAT = "H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
