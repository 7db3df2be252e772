// Tests for runtime/text utf8, unicode_class, str_repr and hash; expectations from
// python3 3.11.7 (bytes.decode errors, str.isX, repr/ascii of str and bytes).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "runtime/text/copy_bytes.hpp"
#include "runtime/text/hash.hpp"
#include "runtime/text/str_repr.hpp"
#include "runtime/text/text_error.hpp"
#include "runtime/text/unicode_class.hpp"
#include "runtime/text/utf8.hpp"

using namespace aio::text;
using namespace std::literals;

namespace {

template <class F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const TextError& e) {
        return e.type + ": " + e.msg;
    }
    return "";
}

}  // namespace

TEST(TextUtf8, DecodeEncode) {
    std::string_view s = "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80";  // a é 日 😀
    Decoded d = decode_utf8(s, 1);
    EXPECT_EQ(d.cp, U'\u00e9');
    EXPECT_EQ(d.len, 2);
    EXPECT_EQ(decode_utf8(s, 3).cp, U'\u65e5');
    EXPECT_EQ(decode_utf8(s, 6).cp, U'\U0001F600');
    EXPECT_EQ(decode_utf8_before(s, s.size()).cp, U'\U0001F600');
    EXPECT_EQ(decode_utf8_before(s, 3).cp, U'\u00e9');
    std::string out;
    for (char32_t cp : {U'a', U'\u00e9', U'\u65e5', U'\U0001F600'}) append_utf8(out, cp);
    EXPECT_EQ(out, s);
    EXPECT_EQ(count_code_points(s), 4u);
    EXPECT_EQ(byte_offset(s, 0), 0u);
    EXPECT_EQ(byte_offset(s, 2), 3u);
    EXPECT_EQ(byte_offset(s, 3), 6u);
    EXPECT_EQ(byte_offset(s, 4), s.size());
    EXPECT_EQ(byte_offset(s, 99), s.size());
    std::string ascii(100, 'x');
    EXPECT_EQ(byte_offset(ascii, 37), 37u);
    EXPECT_EQ(count_code_points(ascii + "\xc3\xa9" + ascii), 201u);
    EXPECT_TRUE(is_ascii(ascii));
    EXPECT_FALSE(is_ascii(ascii + "\xc3\xa9"));
    EXPECT_TRUE(is_ascii(""));
}

TEST(TextUtf8, Validate) {
    auto e = [](std::string_view b) { return error_of([&] { validate_utf8(b); }); };
    const char* p = "UnicodeDecodeError: 'utf-8' codec can't decode ";
    EXPECT_EQ(e("\xff"), p + "byte 0xff in position 0: invalid start byte"s);
    EXPECT_EQ(e("\xe2\x82"), p + "bytes in position 0-1: unexpected end of data"s);
    EXPECT_EQ(e("\xe2("), p + "byte 0xe2 in position 0: invalid continuation byte"s);
    EXPECT_EQ(e("\xed\xa0\x80"), p + "byte 0xed in position 0: invalid continuation byte"s);
    EXPECT_EQ(e("\xc0\x80"), p + "byte 0xc0 in position 0: invalid start byte"s);
    EXPECT_EQ(e("\xf4\x90\x80\x80"), p + "byte 0xf4 in position 0: invalid continuation byte"s);
    EXPECT_EQ(e("\xe2\x82("), p + "bytes in position 0-1: invalid continuation byte"s);
    EXPECT_EQ(e("a\xf0\x9f\x98"), p + "bytes in position 1-3: unexpected end of data"s);
    EXPECT_EQ(e("\xf0\x9f\x98("), p + "bytes in position 0-2: invalid continuation byte"s);
    EXPECT_EQ(e("\x80"), p + "byte 0x80 in position 0: invalid start byte"s);
    EXPECT_EQ(e("\xe0\x80\x80"), p + "byte 0xe0 in position 0: invalid continuation byte"s);
    EXPECT_EQ(e("0123456789\xff"), p + "byte 0xff in position 10: invalid start byte"s);
    EXPECT_EQ(e("a\xc3\xa9\xf0\x9f\x98\x80"), "");
    // b'a\xffb\xe2\x82c'.decode('utf-8', 'replace') == 'a\ufffdb\ufffdc'
    EXPECT_EQ(decode_utf8_replace("a\xff" "b\xe2\x82" "c"), "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
}

TEST(TextUnicodeClass, Properties) {
    EXPECT_TRUE(is_alpha(U'a'));
    EXPECT_TRUE(is_alpha(U'\u00aa'));   // ª
    EXPECT_TRUE(is_alpha(U'\u00b5'));   // µ
    EXPECT_FALSE(is_alpha(U'\u00d7'));  // ×
    EXPECT_TRUE(is_alpha(U'\u03a9'));   // Ω
    EXPECT_TRUE(is_alpha(U'\u0416'));   // Ж
    EXPECT_TRUE(is_alpha(U'\u65e5'));   // 日
    EXPECT_TRUE(is_decimal(U'\u0663'));
    EXPECT_TRUE(is_digit(U'\u00b2'));
    EXPECT_FALSE(is_decimal(U'\u00b2'));
    EXPECT_TRUE(is_numeric(U'\u00bd'));
    EXPECT_FALSE(is_digit(U'\u00bd'));
    EXPECT_TRUE(is_numeric(U'\u4e00'));
    EXPECT_TRUE(is_space(U'\x1c'));
    EXPECT_TRUE(is_space(U'\x85'));
    EXPECT_TRUE(is_space(U'\xa0'));
    EXPECT_TRUE(is_space(U'\u3000'));
    EXPECT_FALSE(is_space(U'\u200b'));
    EXPECT_TRUE(is_upper(U'\u00c9'));
    EXPECT_TRUE(is_lower(U'\u00df'));
    EXPECT_TRUE(is_titlecase(U'\u01c5'));
    EXPECT_FALSE(is_printable(U'\x7f'));
    EXPECT_FALSE(is_printable(U'\xa0'));
    EXPECT_FALSE(is_printable(U'\xad'));
    EXPECT_TRUE(is_printable(U' '));
    EXPECT_TRUE(is_printable(U'\U0001F600'));
    EXPECT_FALSE(is_printable(U'\u0378'));
    EXPECT_TRUE(is_id_start(U'_'));
    EXPECT_FALSE(is_id_start(U'1'));
    EXPECT_TRUE(is_id_continue(U'1'));
    EXPECT_EQ(decimal_value(U'7'), 7);
    EXPECT_EQ(decimal_value(U'\u0669'), 9);
    EXPECT_EQ(decimal_value(U'\U0001D7D9'), 1);  // MATHEMATICAL DOUBLE-STRUCK DIGIT ONE
    EXPECT_EQ(decimal_value(U'x'), -1);
    EXPECT_EQ(decimal_value(U'\u00b2'), -1);
}

TEST(TextUnicodeClass, CaseMapping) {
    char32_t out[3];
    ASSERT_EQ(map_case(U'\u00df', CaseKind::Upper, out), 2);
    EXPECT_EQ(out[0], U'S');
    EXPECT_EQ(out[1], U'S');
    ASSERT_EQ(map_case(U'\u00df', CaseKind::Fold, out), 2);
    EXPECT_EQ(out[0], U's');
    ASSERT_EQ(map_case(U'\u00b5', CaseKind::Upper, out), 1);
    EXPECT_EQ(out[0], U'\u039c');
    ASSERT_EQ(map_case(U'\u00ff', CaseKind::Upper, out), 1);
    EXPECT_EQ(out[0], U'\u0178');
    ASSERT_EQ(map_case(U'\u0416', CaseKind::Lower, out), 1);
    EXPECT_EQ(out[0], U'\u0436');
    ASSERT_EQ(map_case(U'\u01c6', CaseKind::Title, out), 1);
    EXPECT_EQ(out[0], U'\u01c5');
    ASSERT_EQ(map_case(U'\u0130', CaseKind::Lower, out), 2);
    EXPECT_EQ(out[1], U'\u0307');
    ASSERT_EQ(map_case(U'1', CaseKind::Upper, out), 1);
    EXPECT_EQ(out[0], U'1');
}

TEST(TextStrRepr, Str) {
    EXPECT_EQ(str_repr("it's \"q\""), R"('it\'s "q"')");
    EXPECT_EQ(str_repr("it's"), R"("it's")");
    EXPECT_EQ(str_repr("say \"hi\""), R"('say "hi"')");
    EXPECT_EQ(str_repr(""), "''");
    EXPECT_EQ(str_repr("a\x07\n\t\r\\"), R"('a\x07\n\t\r\\')");
    EXPECT_EQ(str_repr("\x7f\x1b"), R"('\x7f\x1b')");
    // '\x85\xa0é\u200b😀\U000e0001'
    EXPECT_EQ(str_repr("\xc2\x85\xc2\xa0\xc3\xa9\xe2\x80\x8b\xf0\x9f\x98\x80\xf3\xa0\x80\x81"),
              "'\\x85\\xa0\xc3\xa9\\u200b\xf0\x9f\x98\x80\\U000e0001'");
    EXPECT_EQ(str_repr("\xcd\xb8"), R"('\u0378')");
    EXPECT_EQ(str_repr("\xc2\xad"), R"('\xad')");
    EXPECT_EQ(str_repr("\xe3\x80\x80"), R"('\u3000')");
    EXPECT_EQ(ascii_repr("\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80"), R"('\xe9\u65e5\U0001f600')");
    EXPECT_EQ(str_repr_truncated("abcdef", 3), "'ab");
}

TEST(TextStrRepr, Bytes) {
    EXPECT_EQ(bytes_repr("\x00'a\x7f\xff"sv), R"(b"\x00'a\x7f\xff")");
    EXPECT_EQ(bytes_repr("'\""), R"(b'\'"')");
    EXPECT_EQ(bytes_repr("a\nb\\"), R"(b'a\nb\\')");
    EXPECT_EQ(bytes_repr(""), "b''");
}

TEST(TextHash, Basics) {
    EXPECT_EQ(hash_bytes("hello"), hash_bytes(std::string("hello")));
    EXPECT_NE(hash_bytes("hello"), hash_bytes("hellp"));
    EXPECT_NE(hash_bytes(""), hash_bytes(std::string_view("\0", 1)));
    EXPECT_NE(hash_bytes("a"), hash_bytes("a", 1));
    // Distinct short keys (the common dict case) should not collide.
    std::set<std::uint64_t> seen;
    for (int i = 0; i < 5000; ++i) seen.insert(hash_bytes("key" + std::to_string(i)));
    for (int len = 0; len < 40; ++len) seen.insert(hash_bytes(std::string(std::size_t(len), 'z')));
    EXPECT_EQ(seen.size(), 5040u);
}

// bytes_equal's word loads must agree with memcmp at every length and at every
// position of a difference (the overlapping loads of 4..16 bytes included).
TEST(TextHash, BytesEqualMatchesMemcmp) {
    for (std::size_t n = 0; n <= 40; ++n) {
        std::string a(n, 'q'), b(n, 'q');
        EXPECT_TRUE(bytes_equal(a.data(), b.data(), n)) << n;
        for (std::size_t at = 0; at < n; ++at) {
            std::string c = a;
            c[at] = 'r';
            EXPECT_FALSE(bytes_equal(a.data(), c.data(), n)) << n << " " << at;
            EXPECT_FALSE(bytes_equal(c.data(), a.data(), n)) << n << " " << at;
        }
    }
}

// copy_bytes' overlapping word copies write exactly n bytes at every length.
TEST(TextCopy, CopyBytesEveryLength) {
    std::string src;
    for (int i = 0; i < 64; ++i) src += char('A' + i % 50);
    for (std::size_t n = 0; n <= 40; ++n) {
        std::string dst(48, '.');
        aio::text::copy_bytes(dst.data() + 2, src.data() + 3, n);
        EXPECT_EQ(dst, std::string(2, '.') + src.substr(3, n) + std::string(46 - n, '.')) << n;
    }
}
