"""Bulgarian formats: "03.12.2026 10:12", as Bulgarian offices write dates and times.

Django's Bulgarian locale has no date-time format, so a time fell back to the
global "m/d/Y P" and pages showed "12/03/2026 10:12 преди обяд". Everything
else is Django's (decimal comma, non-breaking-space thousands).
"""

from django.conf.locale.bg.formats import *  # noqa: F403

DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
                          "%Y-%m-%d"]
