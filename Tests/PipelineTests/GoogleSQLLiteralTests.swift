import GoogleCloud
import Testing

/// Values put into BigQuery queries go through one literal writer: nothing in a value ends the literal.
@Suite struct GoogleSQLLiteralTests {
    @Test func quotesBackslashesAndControlCharactersAreEscaped() {
        #expect(GoogleSQL.literal("plain") == "'plain'")
        #expect(GoogleSQL.literal("it's") == #"'it\'s'"#)
        #expect(GoogleSQL.literal(#"C:\dir"#) == #"'C:\\dir'"#)
        #expect(GoogleSQL.literal("a\nb\r\tc") == #"'a\nb\r\tc'"#)
        #expect(GoogleSQL.literal("\u{0}\u{1F}\u{7F}") == #"'\x00\x1f\x7f'"#)
        #expect(GoogleSQL.literal("é 😀 \u{2028}") == "'é 😀 \u{2028}'")
    }

    @Test func aValueCannotEndTheLiteralEarly() {
        let literal = GoogleSQL.literal(#"x' OR '1'='1\"#)
        #expect(literal == #"'x\' OR \'1\'=\'1\\'"#)
    }
}
