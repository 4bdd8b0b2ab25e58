/// GoogleSQL text made from values: the one place a string becomes a literal in a query.
package enum GoogleSQL {
    /// `text` as a single-quoted GoogleSQL string literal: backslash, quote and control characters escaped, so a
    /// value can neither end the literal nor break the query's line.
    package static func literal(_ text: String) -> String {
        var literal = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": literal += "\\\\"
            case "'": literal += "\\'"
            case "\n": literal += "\\n"
            case "\r": literal += "\\r"
            case "\t": literal += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                literal += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            default: literal.unicodeScalars.append(scalar)
            }
        }
        return literal + "'"
    }
}
