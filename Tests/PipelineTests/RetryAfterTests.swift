import Foundation
import GitHubAPI
import HTTPTypes
import Hummingbird
import Logging
import Testing

/// `Retry-After` is read in both of RFC 9110's forms, and a secondary limit waits as long as GitHub said.
@Suite struct RetryAfterTests {
    static let now = Date(timeIntervalSince1970: 1_445_412_472)  // Wed, 21 Oct 2015 07:27:52 GMT

    @Test func retryAfterInSecondsIsThatManySeconds() {
        #expect(RetryAfter.parse("8", now: Self.now) == .seconds(8))
        #expect(RetryAfter.parse(" 120 ", now: Self.now) == .seconds(120))
        #expect(RetryAfter.parse("0", now: Self.now) == .zero)
    }

    @Test func retryAfterAsAnHTTPDateIsTheTimeUntilThatDate() {
        #expect(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", now: Self.now) == .seconds(8))
        #expect(RetryAfter.parse("Wednesday, 21-Oct-15 07:28:00 GMT", now: Self.now) == .seconds(8), "RFC 850")
        #expect(RetryAfter.parse("Wed Oct 21 07:28:00 2015", now: Self.now) == .seconds(8), "asctime")
        #expect(RetryAfter.parse("Sun Nov  6 08:49:37 1994", now: Self.now) == .zero, "a date past is no wait")
    }

    @Test func aRetryAfterThatIsNeitherFormIsIgnored() {
        #expect(RetryAfter.parse("soon", now: Self.now) == nil)
        #expect(RetryAfter.parse("-5", now: Self.now) == nil)
        #expect(RetryAfter.parse("", now: Self.now) == nil)
    }

    /// A client of a server answering every request with `status`, these headers and GitHub's secondary-limit message.
    static func error(status: Int, headers: @escaping @Sendable () -> [String: String]) async throws -> GitHubAPIError?
    {
        let router = Router()
        router.get("/limited") { _, _ -> Response in
            var fields = HTTPFields()
            for (name, value) in headers() { fields[HTTPField.Name(name)!] = value }
            fields[.contentType] = "application/json"
            let body =
                #"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}"#
            return Response(
                status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        return try await TestHTTPServer.withRunning(router) { url -> GitHubAPIError? in
            let client = GitHubClient(configuration: GitHubClientConfiguration(baseURL: url), logger: .quiet)
            do {
                _ = try await client.get(url + "/limited", as: [String: String].self)
                return nil
            } catch {
                return error as? GitHubAPIError
            }
        }
    }

    @Test func aSecondaryLimitWithAnHTTPDateRetryAfterWaitsUntilThatDateNotAMinute() async throws {
        let error = try await Self.error(status: 429) {
            ["Retry-After": RetryAfter.imfFixdate(Date().addingTimeInterval(8))]
        }
        let failure = try #require(error)
        #expect(failure.code == .secondaryRateLimited)
        let wait = try #require(failure.retryAfter)
        #expect(wait > .seconds(5) && wait <= .seconds(9), "waits \(wait)")
    }

    @Test func aSecondaryLimitWithoutRetryAfterWaitsAMinute() async throws {
        let error = try await Self.error(status: 403) {
            ["x-ratelimit-remaining": "4000", "x-ratelimit-limit": "5000"]
        }
        let failure = try #require(error)
        #expect(failure.code == .secondaryRateLimited)
        #expect(failure.retryAfter == .seconds(60))
    }

    @Test func anExhaustedLimitWithoutRetryAfterWaitsUntilItsReset() async throws {
        let error = try await Self.error(status: 403) {
            [
                "x-ratelimit-remaining": "0", "x-ratelimit-limit": "5000",
                "x-ratelimit-reset": String(Int(Date().timeIntervalSince1970) + 300),
            ]
        }
        let failure = try #require(error)
        #expect(failure.code == .rateLimited)
        let wait = try #require(failure.retryAfter)
        #expect(wait > .seconds(290) && wait <= .seconds(302), "waits \(wait)")
    }
}
