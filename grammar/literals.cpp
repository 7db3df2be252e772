// grammar/literals.cpp - NUMBER and STRING tokens -> Constant / JoinedStr nodes.
// Plain strings without escapes point straight into the source copy (no
// allocation); everything else is decoded once into the arena.
#include "grammar/literals.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>

#include "grammar/build.hpp"
#include "grammar/fstring.hpp"
#include "grammar/unicode.hpp"

namespace aio::grammar {

StrPrefix split_string_token(std::string_view tok) {
    StrPrefix p;
    size_t i = 0;
    while (i < tok.size() && tok[i] != '\'' && tok[i] != '"') {
        char c = tok[i] | 0x20;
        if (c == 'r') p.raw = true;
        else if (c == 'b') p.bytes = true;
        else if (c == 'f') p.fmt = true;
        i++;
    }
    char q = tok[i];
    p.quote_len = (tok.size() - i >= 6 && tok[i + 1] == q && tok[i + 2] == q) ? 3 : 1;
    p.body = tok.substr(i + p.quote_len, tok.size() - i - 2 * p.quote_len);
    return p;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// A few common \N{...} names; anything else is reported, as CPython would
// for a name it does not know.
static uint32_t lookup_unicode_name(std::string_view name) {
    struct N { const char* n; uint32_t cp; };
    static const N names[] = {
        {"SPACE", 0x20}, {"NO-BREAK SPACE", 0xA0}, {"NBSP", 0xA0}, {"EM DASH", 0x2014},
        {"EN DASH", 0x2013}, {"BULLET", 0x2022}, {"HORIZONTAL ELLIPSIS", 0x2026},
        {"DEGREE SIGN", 0xB0}, {"COPYRIGHT SIGN", 0xA9}, {"REGISTERED SIGN", 0xAE},
        {"EURO SIGN", 0x20AC}, {"POUND SIGN", 0xA3}, {"YEN SIGN", 0xA5},
        {"LEFT-POINTING DOUBLE ANGLE QUOTATION MARK", 0xAB},
        {"RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK", 0xBB},
        {"LEFT SINGLE QUOTATION MARK", 0x2018}, {"RIGHT SINGLE QUOTATION MARK", 0x2019},
        {"LEFT DOUBLE QUOTATION MARK", 0x201C}, {"RIGHT DOUBLE QUOTATION MARK", 0x201D},
        {"GREEK SMALL LETTER ALPHA", 0x3B1}, {"GREEK SMALL LETTER BETA", 0x3B2},
        {"GREEK SMALL LETTER PI", 0x3C0}, {"GREEK CAPITAL LETTER DELTA", 0x394},
        {"GREEK SMALL LETTER MU", 0x3BC}, {"MICRO SIGN", 0xB5}, {"MULTIPLICATION SIGN", 0xD7},
        {"DIVISION SIGN", 0xF7}, {"PLUS-MINUS SIGN", 0xB1}, {"INFINITY", 0x221E},
        {"CHECK MARK", 0x2713}, {"HEAVY CHECK MARK", 0x2714}, {"BALLOT X", 0x2717},
        {"SNOWMAN", 0x2603}, {"BLACK STAR", 0x2605}, {"WHITE STAR", 0x2606},
        {"RIGHTWARDS ARROW", 0x2192}, {"LEFTWARDS ARROW", 0x2190}, {"SECTION SIGN", 0xA7},
        {"PILCROW SIGN", 0xB6}, {"ZERO WIDTH SPACE", 0x200B}, {"BYTE ORDER MARK", 0xFEFF},
        {"ZERO WIDTH NO-BREAK SPACE", 0xFEFF}, {"REPLACEMENT CHARACTER", 0xFFFD},
        {"LINE FEED", 0x0A}, {"CARRIAGE RETURN", 0x0D}, {"CHARACTER TABULATION", 0x09},
        {"NULL", 0x00}, {"ESCAPE", 0x1B}, {"DELETE", 0x7F}, {"GRINNING FACE", 0x1F600},
        {"THUMBS UP SIGN", 0x1F44D}, {"HEAVY BLACK HEART", 0x2764}, {"SNAKE", 0x1F40D},
    };
    std::string up(name);
    for (char& c : up) if (c >= 'a' && c <= 'z') c -= 32;
    for (const N& n : names)
        if (up == n.n) return n.cp;
    // LATIN SMALL/CAPITAL LETTER X and DIGIT names are generated.
    std::string_view u = up;
    if (u.rfind("LATIN SMALL LETTER ", 0) == 0 && u.size() == 20) return u[19] + 32;
    if (u.rfind("LATIN CAPITAL LETTER ", 0) == 0 && u.size() == 22) return u[21];
    static const char* digits[] = {"ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"};
    for (int d = 0; d < 10; d++)
        if (u == std::string("DIGIT ") + digits[d]) return '0' + d;
    return 0xFFFFFFFF;
}

bool decode_escapes(std::string_view s, bool bytes, std::string& out, std::string& err) {
    const char* codec = bytes ? "(value error) invalid \\x escape at position "
                              : "(unicode error) 'unicodeescape' codec can't decode bytes in position ";
    for (size_t i = 0; i < s.size(); i++) {
        char c = s[i];
        if (c != '\\' || i + 1 >= s.size()) {
            out += c;
            continue;
        }
        size_t start = i;
        char e = s[++i];
        switch (e) {
            case '\n': break;
            case '\r': if (i + 1 < s.size() && s[i + 1] == '\n') i++; break;
            case '\\': out += '\\'; break;
            case '\'': out += '\''; break;
            case '"': out += '"'; break;
            case 'a': out += '\a'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'v': out += '\v'; break;
            case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
                uint32_t v = e - '0';
                for (int k = 0; k < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; k++)
                    v = v * 8 + (s[++i] - '0');
                if (bytes) out += static_cast<char>(v & 0xFF);
                else append_utf8(out, v);
                break;
            }
            case 'x': case 'u': case 'U': {
                if (bytes && e != 'x') { out += '\\'; out += e; break; }
                int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                uint32_t v = 0;
                int k = 0;
                for (; k < n && i + 1 < s.size() && hexval(s[i + 1]) >= 0; k++)
                    v = v * 16 + hexval(s[++i]);
                if (k < n) {
                    if (bytes) {
                        err = codec + std::to_string(start);
                    } else {
                        err = codec + std::to_string(start) + "-" + std::to_string(i) + ": truncated \\" +
                              (e == 'x' ? "xXX" : e == 'u' ? "uXXXX" : "UXXXXXXXX") + " escape";
                    }
                    return false;
                }
                if (bytes) out += static_cast<char>(v);
                else if (v > 0x10FFFF) {
                    err = codec + std::to_string(start) + "-" + std::to_string(i) +
                          ": illegal Unicode character";
                    return false;
                } else append_utf8(out, v);
                break;
            }
            case 'N': {
                if (bytes) { out += "\\N"; break; }
                size_t close = s.find('}', i);
                if (i + 1 >= s.size() || s[i + 1] != '{' || close == std::string_view::npos) {
                    err = codec + std::to_string(start) + "-" + std::to_string(i) + ": malformed \\N character escape";
                    return false;
                }
                uint32_t cp = lookup_unicode_name(s.substr(i + 2, close - i - 2));
                if (cp == 0xFFFFFFFF) {
                    err = codec + std::to_string(start) + "-" + std::to_string(close) +
                          ": unknown Unicode character name";
                    return false;
                }
                append_utf8(out, cp);
                i = close;
                break;
            }
            default:
                // Unknown escapes stay as written (CPython only warns).
                out += '\\';
                out += e;
        }
    }
    return true;
}

Expr* Builder::number(Tok t, Loc loc) {
    auto* c = ctx.arena.make<ConstantExpr>();
    c->kind = ExprKind::Constant;
    c->loc = loc;
    std::string_view text = t.text();
    char small[128];
    std::string big;
    const char* digits = small;
    size_t n = 0;
    if (text.size() < sizeof small) {
        for (char ch : text) if (ch != '_') small[n++] = ch;
        small[n] = 0;
    } else {
        for (char ch : text) if (ch != '_') big += ch;
        digits = big.c_str();
        n = big.size();
    }
    char last = digits[n - 1] | 0x20;
    bool is_hex = n > 1 && digits[0] == '0' && (digits[1] | 0x20) == 'x';
    if (last == 'j') {
        c->ckind = ConstKind::Imag;
        c->f = std::strtod(std::string(digits, n - 1).c_str(), nullptr);
        c->s = text;
        return c;
    }
    if (!is_hex && std::memchr(digits, '.', n) == nullptr && std::memchr(digits, 'e', n) == nullptr &&
        std::memchr(digits, 'E', n) == nullptr) {
        c->ckind = ConstKind::Int;
        c->s = text;
        int base = 10;
        size_t i = 0;
        if (n > 1 && digits[0] == '0') {
            char b = digits[1] | 0x20;
            if (b == 'o') { base = 8; i = 2; }
            else if (b == 'b') { base = 2; i = 2; }
        }
        int64_t v = 0;
        for (; i < n; i++) {
            if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, digits[i] - '0', &v)) {
                c->int_overflow = true;
                return c;
            }
        }
        c->i = v;
        return c;
    }
    if (is_hex) {
        c->ckind = ConstKind::Int;
        c->s = text;
        int64_t v = 0;
        for (size_t i = 2; i < n; i++) {
            if (__builtin_mul_overflow(v, 16, &v) || __builtin_add_overflow(v, hexval(digits[i]), &v)) {
                c->int_overflow = true;
                return c;
            }
        }
        c->i = v;
        return c;
    }
    c->ckind = ConstKind::Float;
    c->s = text;
    auto r = std::from_chars(digits, digits + n, c->f);
    if (r.ec != std::errc()) c->f = std::strtod(digits, nullptr);
    return c;
}

// Adjacent literals: "a" 'b' -> one Constant; any f-string -> one JoinedStr.
Expr* Builder::strings(Seq* pieces, Loc loc) {
    auto* first = static_cast<StrPiece*>(pieces->first->v);
    StrPrefix p0 = split_string_token(first->tok.text());
    bool any_fmt = false;
    for (auto* c = pieces->first; c; c = c->next) {
        auto* piece = static_cast<StrPiece*>(c->v);
        StrPrefix p = split_string_token(piece->tok.text());
        if (p.bytes != p0.bytes) {
            ctx.fail("cannot mix bytes and nonbytes literals", loc.end_line, loc.end_col + 1);
            return nullptr;
        }
        any_fmt |= p.fmt;
    }
    if (!any_fmt) {
        auto* k = ctx.arena.make<ConstantExpr>();
        k->kind = ExprKind::Constant;
        k->loc = loc;
        k->ckind = p0.bytes ? ConstKind::Bytes : ConstKind::Str;
        // Fast path: one literal with nothing to decode is a view of the source.
        if (pieces->n == 1 && (p0.raw || p0.body.find('\\') == std::string_view::npos)) {
            if (p0.bytes) {
                for (unsigned char ch : p0.body)
                    if (ch >= 0x80) {
                        fail_at("bytes can only contain ASCII literal characters", first->loc);
                        return nullptr;
                    }
            }
            k->s = p0.body;
            return k;
        }
        std::string out;
        for (auto* c = pieces->first; c; c = c->next) {
            auto* piece = static_cast<StrPiece*>(c->v);
            StrPrefix p = split_string_token(piece->tok.text());
            if (p.bytes)
                for (unsigned char ch : p.body)
                    if (ch >= 0x80) {
                        fail_at("bytes can only contain ASCII literal characters", piece->loc);
                        return nullptr;
                    }
            if (p.raw) {
                out += p.body;
                continue;
            }
            std::string err;
            if (!decode_escapes(p.body, p.bytes, out, err)) {
                ctx.fail(err, piece->loc.end_line, piece->loc.end_col + 1);
                return nullptr;
            }
        }
        k->s = ctx.arena.str(out);
        return k;
    }
    FStringBuilder fb(ctx, loc);
    for (auto* c = pieces->first; c; c = c->next) {
        auto* piece = static_cast<StrPiece*>(c->v);
        if (!fb.add(piece->tok, piece->loc)) return nullptr;
    }
    return fb.finish();
}

}  // namespace aio::grammar
