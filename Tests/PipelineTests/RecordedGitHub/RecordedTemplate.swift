import Foundation

/// WireMock's response templates the recordings use in headers: `{{now offset='3 seconds' format='unix'}}`,
/// `{{testStartDate ...}}`, and HTTP dates (`format='EEE, dd MMM yyyy HH:mm:ss z'`).
enum RecordedTemplate {
    /// `text` with every template replaced by the time it names, relative to `now`.
    static func fill(_ text: String, now: Date) -> String {
        guard text.contains("{{") else { return text }
        var result = text
        while let open = result.range(of: "{{"),
            let close = result.range(of: "}}", range: open.upperBound..<result.endIndex)
        {
            let inner = String(result[open.upperBound..<close.lowerBound])
            result.replaceSubrange(open.lowerBound..<close.upperBound, with: render(inner, now: now))
        }
        return result
    }

    private static func render(_ template: String, now: Date) -> String {
        var date = now
        if let offset = attribute("offset", in: template) {
            let parts = offset.split(separator: " ")
            if parts.count == 2, let amount = Double(parts[0]) {
                let unit: Double = parts[1].hasPrefix("hour") ? 3_600 : parts[1].hasPrefix("minute") ? 60 : 1
                date = now.addingTimeInterval(amount * unit)
            }
        }
        if attribute("format", in: template) == "unix" { return String(Int(date.timeIntervalSince1970)) }
        return httpDate(date)
    }

    /// IMF-fixdate, as GitHub writes `Date` and `Retry-After`.
    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }

    private static func attribute(_ name: String, in template: String) -> String? {
        guard let start = template.range(of: "\(name)='") else { return nil }
        guard let end = template.range(of: "'", range: start.upperBound..<template.endIndex) else { return nil }
        return String(template[start.upperBound..<end.lowerBound])
    }
}
