import Foundation

/// The relations of a `Link` header: `<url>; rel="next", <url>; rel="last"`.
public struct LinkHeader: Sendable, Hashable {
    public let links: [String: String]

    public init(_ header: String?) {
        var links: [String: String] = [:]
        guard let header else {
            self.links = [:]
            return
        }
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let target = fields.first, target.hasPrefix("<"), target.hasSuffix(">") else { continue }
            let url = String(target.dropFirst().dropLast())
            for field in fields.dropFirst() where field.hasPrefix("rel=") {
                let relations = field.dropFirst(4).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                for relation in relations.split(separator: " ") {
                    links[String(relation)] = url
                }
            }
        }
        self.links = links
    }

    /// The `page` query parameter of a link (`...?page=7`).
    public static func pageNumber(_ url: String) -> Int? {
        URLComponents(string: url)?.queryItems?.first { $0.name == "page" }?.value.flatMap(Int.init)
    }

    public var next: String? { links["next"] }
    public var last: String? { links["last"] }
    public var first: String? { links["first"] }
    public var prev: String? { links["prev"] }
}
