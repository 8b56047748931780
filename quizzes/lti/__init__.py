"""LTI 1.3 Advantage with the school's LMS, through pylti1p3: keys, launches, deep linking, rosters and grades."""
