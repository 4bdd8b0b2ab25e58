/// An account as GitHub embeds it (`user`, `author`, `merged_by` ...).
public struct GitHubUser: Decodable, Sendable, Hashable {
    public let login: String
    public let id: Int64
    /// `User`, `Bot` or `Organization`.
    public let type: String?
}
