"""The settings page and the time zone taken once from the browser."""

from django.urls import reverse

from quizzes.middleware import BROWSER_ZONE_COOKIE


def settings_data(**changes):
    data = {
        "display_name": "",
        "email": "",
        "language": "",
        "time_zone": "UTC",
        "desired_retention": "0.9",
        "new_per_day": "20",
        "max_reviews_per_day": "200",
    }
    return {**data, **changes}


def test_the_first_visit_stores_the_browser_zone_once(client, student):
    client.force_login(student)
    client.cookies[BROWSER_ZONE_COOKIE] = "Asia/Riyadh"
    client.get(reverse("dashboard"))
    student.refresh_from_db()
    assert student.time_zone == "Asia/Riyadh" and student.time_zone_chosen
    # A later browser zone (a trip abroad) changes nothing: the zone was taken once.
    client.cookies[BROWSER_ZONE_COOKIE] = "Europe/Paris"
    client.get(reverse("dashboard"))
    student.refresh_from_db()
    assert student.time_zone == "Asia/Riyadh"


def test_a_browser_alias_is_stored_as_its_canonical_zone(client, student):
    client.force_login(student)
    client.cookies[BROWSER_ZONE_COOKIE] = "Asia/Calcutta"
    response = client.get(reverse("settings"))
    student.refresh_from_db()
    assert student.time_zone == "Asia/Kolkata"
    assert '<option value="Asia/Kolkata" selected>' in response.content.decode()


def test_a_browser_zone_outside_the_list_is_ignored(client, student):
    client.force_login(student)
    client.cookies[BROWSER_ZONE_COOKIE] = "Mars/Olympus"
    assert client.get(reverse("dashboard")).status_code == 200
    student.refresh_from_db()
    assert student.time_zone == "UTC" and not student.time_zone_chosen


def test_a_chosen_zone_is_not_overwritten_by_the_browser(client, student):
    client.force_login(student)
    client.post(reverse("settings"), settings_data(time_zone="UTC"))
    client.cookies[BROWSER_ZONE_COOKIE] = "Asia/Riyadh"
    client.get(reverse("dashboard"))
    student.refresh_from_db()
    assert student.time_zone == "UTC" and student.time_zone_chosen


def test_the_page_asks_the_browser_only_while_no_zone_is_chosen(client, student):
    client.force_login(student)
    assert "quizzes/zone.js" in client.get(reverse("settings")).content.decode()
    client.post(reverse("settings"), settings_data(time_zone="Africa/Cairo"))
    assert "quizzes/zone.js" not in client.get(reverse("settings")).content.decode()


def test_the_settings_page_has_no_empty_dashes_choice(client, student):
    client.force_login(student)
    body = client.get(reverse("settings")).content.decode()
    assert "---" not in body
    assert '<option value="" selected>حسب لغة المتصفح</option>' in body


def test_the_zone_list_is_grouped_and_named_in_arabic(client, student):
    client.force_login(student)
    body = client.get(reverse("settings")).content.decode()
    assert '<optgroup label="آسيا">' in body
    assert '<option value="Asia/Riyadh">الرياض — المملكة العربية السعودية</option>' in body
    assert 'value="Asia/Calcutta"' not in body and 'value="Zulu"' not in body


def test_an_empty_submit_shows_the_errors(client, student):
    client.force_login(student)
    response = client.post(reverse("settings"), {})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_time_zone_error"' in body
    assert 'aria-describedby="id_time_zone_error"' in body


def test_a_zone_outside_the_list_is_refused_and_nothing_is_written(client, student):
    client.force_login(student)
    response = client.post(reverse("settings"), settings_data(time_zone="Mars/Olympus", display_name="X"))
    student.refresh_from_db()
    assert "اختر منطقة زمنية من القائمة." in response.content.decode()
    assert student.display_name == "" and student.time_zone == "UTC"


def test_the_settings_page_reads_in_bounded_queries(client, student, django_assert_max_num_queries):
    client.force_login(student)
    client.get(reverse("settings"))
    with django_assert_max_num_queries(3):
        assert client.get(reverse("settings")).status_code == 200


def test_a_student_opts_in_to_the_due_date_digest(client, student):
    client.force_login(student)
    response = client.post(reverse("settings"), settings_data(email="reem@school.example", due_reminders="on"))
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.due_reminders
    client.post(reverse("settings"), settings_data(email="reem@school.example"))
    student.refresh_from_db()
    assert not student.due_reminders


def test_the_digest_needs_an_address_and_nothing_is_written_without_one(client, student):
    client.force_login(student)
    response = client.post(reverse("settings"), settings_data(due_reminders="on", display_name="Reem"))
    assert response.status_code == 200
    assert "Add your e-mail address to get the digest." in response.content.decode() or (
        "أضف عنوان بريدك الإلكتروني" in response.content.decode()
    )
    student.refresh_from_db()
    assert not student.due_reminders and student.display_name == ""
