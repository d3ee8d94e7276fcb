//! The JSON Canonicalization Scheme (RFC 8785), through the `serde_jcs` crate.
//!
//! Object members are sorted by the UTF-16 code units of their names (RFC 8785 §3.2.3), numbers
//! are written as ECMAScript does (RFC 8785 §3.2.2.3, so every number goes through an IEEE 754
//! double: integers past 2^53 lose precision, as in any JCS implementation), strings are escaped
//! minimally (§3.2.2.2), and no whitespace is written (§3.2.1). The tests below check RFC 8785's
//! own examples.

use serde_json::Value;

use crate::Result;

/// The canonical UTF-8 bytes of a JSON value (RFC 8785 §3).
///
/// # Errors
/// [`crate::Error::Json`] if a number is not finite (RFC 8785 §3.2.2.3), which a
/// `serde_json::Value` parsed from text never holds.
pub fn canonicalize(value: &Value) -> Result<Vec<u8>> {
    Ok(serde_jcs::to_vec(value)?)
}

/// The canonical form of a JSON value as a string; see [`canonicalize`].
///
/// # Errors
/// As [`canonicalize`].
pub fn canonicalize_to_string(value: &Value) -> Result<String> {
    Ok(serde_jcs::to_string(value)?)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn jcs(text: &str) -> String {
        canonicalize_to_string(&serde_json::from_str(text).unwrap()).unwrap()
    }

    fn number(bits: u64) -> String {
        canonicalize_to_string(&json!(f64::from_bits(bits))).unwrap()
    }

    /// RFC 8785 §3.2.2: the example of the whole scheme.
    #[test]
    fn rfc8785_section_3_2_2_example() {
        let input = r#"{
            "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
            "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
            "literals": [null, true, false]
        }"#;
        assert_eq!(
            jcs(input),
            r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        );
    }

    /// RFC 8785 §3.2.3: members sorted by UTF-16 code units, not by code points (the emoji,
    /// U+1F600, is the surrogate pair D83D DE00, which sorts before U+FB33).
    #[test]
    fn rfc8785_section_3_2_3_sorting() {
        let input = r#"{
            "\u20ac": "Euro Sign",
            "\r": "Carriage Return",
            "\ufb33": "Hebrew Letter Dalet With Dagesh",
            "1": "One",
            "\ud83d\ude00": "Emoji: Grinning Face",
            "\u0080": "Control",
            "\u00f6": "Latin Small Letter O With Diaeresis"
        }"#;
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
                        \"\u{f6}\":\"Latin Small Letter O With Diaeresis\",\
                        \"\u{20ac}\":\"Euro Sign\",\
                        \"\u{1f600}\":\"Emoji: Grinning Face\",\
                        \"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}";
        assert_eq!(jcs(input), expected);
    }

    /// RFC 8785 Appendix B: IEEE 754 doubles and their canonical form.
    #[test]
    fn rfc8785_appendix_b_numbers() {
        let cases: &[(u64, &str)] = &[
            (0x0000_0000_0000_0000, "0"),
            (0x8000_0000_0000_0000, "0"),
            (0x0000_0000_0000_0001, "5e-324"),
            (0x8000_0000_0000_0001, "-5e-324"),
            (0x7fef_ffff_ffff_ffff, "1.7976931348623157e+308"),
            (0xffef_ffff_ffff_ffff, "-1.7976931348623157e+308"),
            (0x4340_0000_0000_0000, "9007199254740992"),
            (0xc340_0000_0000_0000, "-9007199254740992"),
            (0x4430_0000_0000_0000, "295147905179352830000"),
            (0x44b5_2d02_c7e1_4af5, "9.999999999999997e+22"),
            (0x44b5_2d02_c7e1_4af6, "1e+23"),
            (0x44b5_2d02_c7e1_4af7, "1.0000000000000001e+23"),
            (0x444b_1ae4_d6e2_ef4e, "999999999999999700000"),
            (0x444b_1ae4_d6e2_ef4f, "999999999999999900000"),
            (0x444b_1ae4_d6e2_ef50, "1e+21"),
            (0x3eb0_c6f7_a0b5_ed8c, "9.999999999999997e-7"),
            (0x3eb0_c6f7_a0b5_ed8d, "0.000001"),
            (0x41b3_de43_5555_5553, "333333333.3333332"),
            (0x41b3_de43_5555_5554, "333333333.33333325"),
            (0x41b3_de43_5555_5555, "333333333.3333333"),
            (0x41b3_de43_5555_5556, "333333333.3333334"),
            (0x41b3_de43_5555_5557, "333333333.33333343"),
            (0xbecb_f647_612f_3696, "-0.0000033333333333333333"),
            (0x4314_3ff3_c1cb_0959, "1424953923781206.2"),
        ];
        for &(bits, expected) in cases {
            assert_eq!(number(bits), expected, "{bits:#018x}");
        }
    }

    #[test]
    fn integers_are_written_as_doubles() {
        assert_eq!(
            jcs("[1, -0, 1.0, 10, 1e2, 18446744073709551615]"),
            "[1,0,1,10,100,18446744073709552000]"
        );
    }

    #[test]
    fn nested_structures_and_no_whitespace() {
        assert_eq!(
            jcs(r#"{ "b": [ {"z": 1, "a": {"y": null, "x": []}} ], "a": "" }"#),
            r#"{"a":"","b":[{"a":{"x":[],"y":null},"z":1}]}"#
        );
        assert_eq!(jcs(r#""\u001f\u007f\t""#), "\"\\u001f\u{7f}\\t\"");
    }
}
