import pytest
from django.core.exceptions import ValidationError

from customers.phones import mask_phone, normalize_phone, phone_as_shown, phone_digits, search_digits


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("138-1234-5678", "+8613812345678"),
        ("+86 138 1234 5678", "+8613812345678"),
        ("+86-13812345678", "+8613812345678"),
        ("0086 13812345678", "+8613812345678"),
        ("8613812345678", "+8613812345678"),
        ("＋86 19912345678", "+8619912345678"),
        ("010-12345678", "+86-10-12345678"),
        ("(010) 12345678", "+86-10-12345678"),
        ("（010）12345678", "+86-10-12345678"),
        ("021 1234 5678", "+86-21-12345678"),
        ("02112345678", "+86-21-12345678"),
        ("0755-1234567", "+86-755-1234567"),
        ("0755-12345678", "+86-755-12345678"),
        ("+86 21 12345678", "+86-21-12345678"),
        ("+86 (0)21 12345678", "+86-21-12345678"),
        ("0086-10-62345678", "+86-10-62345678"),
        ("010-12345678-8001", "+86-10-12345678-8001"),
        ("010-12345678 转 8001", "+86-10-12345678-8001"),
        ("0571 8765 4321 ext. 12", "+86-571-87654321-12"),
        ("+86-21-12345678-123", "+86-21-12345678-123"),
        ("  13812345678  ", "+8613812345678"),
    ],
)
def test_accepted_numbers_have_one_canonical_form(raw, canonical):
    assert normalize_phone(raw) == canonical
    assert normalize_phone(canonical) == canonical  # idempotent


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter a phone number"),
        ("   ", "Enter a phone number"),
        ("12345678901", "starts with 13 to 19"),  # 12x is not a mobile prefix
        ("1381234567", "starts with 13 to 19"),  # 10 digits
        ("138123456789", "starts with 13 to 19"),  # 12 digits
        ("62345678", "Add the area code"),
        ("+1 415 555 0100", "Only mainland China"),
        ("+852 2345 6789", "Only mainland China"),
        ("138-abcd-5678", "only digits"),
        ("13812345678 转 12", "no extension"),
        ("010-02345678", "mainland mobile number"),  # local numbers never start with 0
        ("0755-123456", "mainland mobile number"),  # too short
        ("021-123456789", "mainland mobile number"),  # too long
    ],
)
def test_refused_numbers_say_why(raw, message):
    with pytest.raises(ValidationError) as info:
        normalize_phone(raw)
    assert message in info.value.messages[0]


@pytest.mark.parametrize(
    ("canonical", "digits", "masked"),
    [
        ("+8613812345678", "13812345678", "138****5678"),
        ("+86-21-12345678", "02112345678", "021-****5678"),
        ("+86-755-1234567-88", "07551234567", "0755-****4567"),
        ("", "", ""),
    ],
)
def test_digits_and_mask(canonical, digits, masked):
    assert phone_digits(canonical) == digits
    assert mask_phone(canonical) == masked


def test_a_phone_is_shown_in_full_only_when_owned():
    assert phone_as_shown("+8613812345678", owned=True) == "+8613812345678"
    assert phone_as_shown("+8613812345678", owned=False) == "138****5678"


def test_search_digits_drop_the_country_code_and_separators():
    assert search_digits("138 1234-567") == "1381234567"
    assert search_digits("+86 138 1234") == "1381234"
    assert search_digits("0086 138") == "138"
    assert search_digits("021-1234") == "0211234"
