/* SPDX-License-Identifier: MIT */
/* Unit tests of lib/text.c: widths, NFC, matching keys, trim, validity. */
#include <stdlib.h>
#include <string.h>

#include "hak/text.h"
#include "tap.h"

static void
test_width(void)
{
	bool rep;

	is_int(hak_text_width(""), 0, "width of empty");
	is_int(hak_text_width("abc"), 3, "width of ASCII");
	is_int(hak_text_width("학교"), 4, "Hangul counts 2 cells");
	is_int(hak_text_width("서울 대도중"), 11, "Hangul with a space");
	is_int(hak_text_width("e\xcc\x81"), 1, "combining acute counts 0");
	is_int(hak_text_width("\xf0\x9f\x98\x80"), 2, "emoji U+1F600 counts 2");
	is_int(hak_text_width("\xc2\xb7"), 1, "ambiguous middle dot counts 1");
	is_int(hak_text_width("\xe2\x80\xa6"), 1, "ambiguous ellipsis 1");
	is_int(hak_text_width("\xe2\x97\x8b"), 1, "ambiguous white circle 1");
	is_int(hak_text_width("\xef\xbc\xa1"), 2, "full-width A counts 2");
	is_int(hak_text_width("\xe6\xbc\xa2"), 2, "CJK ideograph counts 2");
	is_int(hak_text_width("a\tb"), 3, "tab shown as ? counts 1");
	is_int(hak_text_width("\xe2\x80\xae"), 1, "bidi override shown as ?");
	is_int(hak_text_width("\xff"), 1, "invalid byte counts 1");

	is_int(hak_text_cp_width('A', &rep), 1, "cp width of A");
	ok(!rep, "A is not replaced");
	is_int(hak_text_cp_width(0xac00, &rep), 2, "cp width of 가");
	ok(!rep, "가 is not replaced");
	is_int(hak_text_cp_width(0x0301, &rep), 0, "combining mark 0");
	is_int(hak_text_cp_width(0x202e, &rep), 1, "RLO width 1");
	ok(rep, "RLO U+202E is replaced");
	hak_text_cp_width(0x2066, &rep);
	ok(rep, "LRI U+2066 is replaced");
	hak_text_cp_width(0x1b, &rep);
	ok(rep, "ESC is replaced");
	hak_text_cp_width('\n', &rep);
	ok(rep, "newline is replaced");
	hak_text_cp_width(0x7f, &rep);
	ok(rep, "DEL is replaced");
	hak_text_cp_width(0x9b, &rep);
	ok(rep, "C1 CSI U+009B is replaced");
}

static void
check_nfc(const char *in, const char *want, const char *name)
{
	char *s = hak_text_nfc(in);

	is_str(s, want, name);
	free(s);
}

static void
test_nfc(void)
{
	/* ᄒ ᅡ ᆨ -> 학; ᄒ ᅡ ᆫ ᄀ ᅳ ᆯ -> 한글 */
	check_nfc("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xa8", "학",
		"NFC composes conjoining jamo to 학");
	check_nfc("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab"
		"\xe1\x84\x80\xe1\x85\xb3\xe1\x86\xaf", "한글",
		"NFC composes 한글");
	check_nfc("e\xcc\x81", "\xc3\xa9", "NFC composes e + acute");
	check_nfc("plain ascii", "plain ascii", "NFC of ASCII is identity");
	check_nfc("학교", "학교", "NFC of composed Hangul is identity");
	check_nfc("\xef\xbc\xa1", "\xef\xbc\xa1", "NFC keeps full-width A");
	ok(hak_text_nfc("a\xff") == NULL, "NFC of invalid UTF-8 is NULL");
	ok(hak_text_ascii("abc", 3) && !hak_text_ascii("학", 3),
		"hak_text_ascii");
}

static void
check_key(const char *in, const char *want, const char *name)
{
	char *s = hak_text_key(in);

	is_str(s, want, name);
	free(s);
}

static void
test_key(void)
{
	check_key("서울 대도(初)중학교", "서울대도初중학교",
		"key drops spaces and parentheses, keeps their contents");
	check_key("\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3\xef\xbc\x91", "abc1",
		"key folds full-width ＡＢＣ１ to abc1");
	check_key("A\xc2\xb7" "B.C-D", "abcd",
		"key drops middle dot, dot, hyphen");
	check_key("Seoul  High\tSchool", "seoulhighschool",
		"key drops runs of spaces and tabs, lowercases");
	check_key("서울\xe3\x80\x80중", "서울중", "key drops ideographic space");
	check_key("서울\xc2\xa0중", "서울중", "key drops no-break space");
	check_key("대도\xef\xbc\x88초\xef\xbc\x89", "대도초",
		"key drops full-width parentheses");
	check_key("\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xa8\xea\xb5\x90", "학교",
		"key of decomposed Hangul equals the composed key");
	check_key("가\xe3\x83\xbb나", "가나", "key drops katakana middle dot");
	check_key("", "", "key of empty is empty");
}

static void
check_trim(const char *in, const char *want, const char *name)
{
	char *s = strdup(in);

	is_str(hak_text_trim(s), want, name);
	free(s);
}

static void
test_trim(void)
{
	char buf[] = "  x  ";

	check_trim("  abc  ", "abc", "trim ASCII spaces");
	check_trim("\t\n x y \r\n", "x y", "trim keeps inner space");
	check_trim("\xe3\x80\x80학교\xc2\xa0", "학교",
		"trim ideographic and no-break space");
	check_trim("\xef\xbb\xbf" "abc", "abc", "trim a BOM");
	check_trim("   ", "", "trim all-space to empty");
	check_trim("", "", "trim empty");
	check_trim("학교", "학교", "trim with nothing to trim");
	ok(hak_text_trim(buf) == buf, "trim returns its argument");
}

static void
test_valid(void)
{
	ok(hak_text_valid("abc", 3), "valid ASCII");
	ok(hak_text_valid("학교", 6), "valid Hangul");
	ok(hak_text_valid("", 0), "valid empty");
	ok(!hak_text_valid("\xff", 1), "0xff is invalid");
	ok(!hak_text_valid("\xc0\xaf", 2), "overlong encoding is invalid");
	ok(!hak_text_valid("\xed\xa0\x80", 3), "surrogate is invalid");
	ok(!hak_text_valid("\xea\xb0", 2), "truncated sequence is invalid");
	ok(!hak_text_valid("학", 2), "sequence cut by len is invalid");
	ok(!hak_text_valid("\xb0\xa1", 2), "CP949 가 is not UTF-8");
	ok(hak_text_valid("\xf0\x9f\x98\x80", 4), "valid 4-byte emoji");
}

static void
test_distance(void)
{
	is_int((int)hak_text_distance("한빛", "한빛", 2), 0, "distance: same");
	is_int((int)hak_text_distance("한빛새", "한빛", 2), 1,
		"distance: a Hangul syllable is one edit");
	is_int((int)hak_text_distance("kitten", "sitting", 3), 3,
		"distance: kitten/sitting 3");
	is_int((int)hak_text_distance("kitten", "sitting", 2), 3,
		"distance: past max is max + 1");
	is_int((int)hak_text_distance("a", "abcdef", 1), 2,
		"distance: lengths too far apart is max + 1");
	is_int((int)hak_text_distance("", "ab", 5), 2, "distance: empty");
	is_int((int)hak_text_length("한빛a"), 3, "length: code points");
}

int
main(void)
{
	test_width();
	test_distance();
	test_nfc();
	test_key();
	test_trim();
	test_valid();
	return done_testing();
}
