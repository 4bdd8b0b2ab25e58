import Foundation

/// A service-account JSON key file (`GOOGLE_APPLICATION_CREDENTIALS`). Its private key is never printed:
/// `description` names the account only.
public struct ServiceAccountKey: Sendable, CustomStringConvertible {
    public let clientEmail: String
    public let privateKeyID: String?
    let privateKeyPEM: String
    public let tokenURI: String
    public let projectID: String?

    // swift-format-ignore: AlwaysUseLowerCamelCase
    private struct File: Decodable {
        let type: String?
        let client_email: String?
        let private_key: String?
        let private_key_id: String?
        let token_uri: String?
        let project_id: String?
    }

    /// Parses a key file's JSON; errors name the missing field, never the key's content.
    public init(json: Data, origin: String) throws(GoogleCloudError) {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw GoogleCloudError(
                kind: .authentication, service: "oauth2", operation: "read \(origin)", message: "not a JSON key file")
        }
        guard file.type == nil || file.type == "service_account" else {
            throw GoogleCloudError(
                kind: .authentication, service: "oauth2", operation: "read \(origin)",
                message: "type is '\(file.type ?? "")', not service_account")
        }
        guard let email = file.client_email, !email.isEmpty else {
            throw GoogleCloudError(
                kind: .authentication, service: "oauth2", operation: "read \(origin)",
                message: "client_email is missing")
        }
        guard let pem = file.private_key, pem.contains("PRIVATE KEY") else {
            throw GoogleCloudError(
                kind: .authentication, service: "oauth2", operation: "read \(origin)", message: "private_key is missing"
            )
        }
        clientEmail = email
        privateKeyID = file.private_key_id
        privateKeyPEM = pem
        tokenURI = file.token_uri ?? "https://oauth2.googleapis.com/token"
        projectID = file.project_id
    }

    /// Reads the key file at `path`.
    public init(path: String) throws(GoogleCloudError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GoogleCloudError(
                kind: .authentication, service: "oauth2", operation: "read \(path)", message: "cannot read the key file"
            )
        }
        try self.init(json: data, origin: path)
    }

    public var description: String { "service account \(clientEmail)" }
}
