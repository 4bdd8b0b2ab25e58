/// One form for an account's login across GitHub's APIs, so a bot or a deleted account is one author whichever API
/// a record came from.
public enum AccountLogin {
    /// What GitHub shows in place of a deleted account: REST's `ghost` user (GraphQL answers `author: null`, REST
    /// reviews `user: null`).
    public static let deleted = "ghost"

    /// The login in REST's form: GraphQL names a bot `dependabot` where REST (and GH Archive) say `dependabot[bot]`.
    public static func normalized(_ login: String, type: String?) -> String {
        type == "Bot" && !login.hasSuffix("[bot]") ? login + "[bot]" : login
    }

    /// A record's author from an actor that may be null: the deleted account when it is.
    public static func author(login: String?, type: String?) -> (login: String, type: String) {
        guard let login else { return (deleted, "User") }
        return (normalized(login, type: type), type ?? "User")
    }
}
