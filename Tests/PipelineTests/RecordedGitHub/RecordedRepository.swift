/// A repository of the replayed organisation and everything recorded under it, each object as GitHub sent it.
struct RecordedRepository: Sendable {
    let owner: String
    let name: String
    /// `GET /repos/{owner}/{name}` (or the repository inside a listing).
    let body: RecordedObject
    /// The newest recorded body of each pull request (`GET /pulls/{n}`, or the `POST`/`PATCH` answer when no later GET
    /// was recorded), by number.
    var pulls: [Int: RecordedObject] = [:]
    /// `GET /pulls/{n}/reviews` as recorded, by pull request number; a pull request without one has no reviews here.
    var reviewListings: [Int: RecordedMapping] = [:]
    /// Review comments of the repository (each from the newest recorded listing of its pull request).
    var reviewComments: [RecordedObject] = []
    /// Issue and pull request conversation comments (from the newest recorded full listing of each issue).
    var issueComments: [RecordedObject] = []
    /// The recorded pages of a commit listing, first page first; later pages are asked by their `Link` URLs.
    var commitPages: [RecordedMapping] = []

    var fullName: String { "\(owner)/\(name)" }

    /// The reviews of pull request `number`: the recorded listing's elements.
    func reviews(of number: Int) -> [RecordedObject] {
        reviewListings[number].map { (try? RecordedObject.elements(of: $0)) ?? [] } ?? []
    }

    /// Every commit of the recorded pages.
    var commits: [RecordedObject] {
        commitPages.flatMap { (try? RecordedObject.elements(of: $0)) ?? [] }
    }

    /// Pull requests, most recently updated first (GitHub's `sort=updated&direction=desc`).
    var pullsByUpdate: [RecordedObject] {
        pulls.values.sorted { ($0.date("updated_at") ?? .distantPast) > ($1.date("updated_at") ?? .distantPast) }
    }
}
