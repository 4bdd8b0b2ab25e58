import Foundation
import GraphQL
import TestSupport

/// GitHub's published GraphQL schema (`Tests/Fixtures/github-graphql/schema.graphql`), the judge of every GraphQL
/// document ghstats sends and of the simulator's schema.
enum GitHubGraphQLContract {
    /// The schema, built once (GitHub's SDL does not pass strict SDL validation, as graphql-core also finds).
    static let schema: GraphQLSchema = {
        do {
            let text = try String(contentsOf: ProjectPaths.fixture("github-graphql/schema.graphql"), encoding: .utf8)
            return try buildSchema(source: Source(body: text), assumeValidSDL: true)
        } catch {
            fatalError("GitHub's GraphQL schema does not load: \(error)")
        }
    }()

    /// The problems GitHub's schema finds in `document`: every validation rule of the specification, and any
    /// deprecated field or enum value.
    static func problems(in document: String) throws -> [String] {
        let ast = try parse(source: Source(body: document))
        return validate(schema: schema, ast: ast, rules: specifiedRules + [NoDeprecatedCustomRule]).map(\.message)
    }

    /// A type as SDL writes it: `String!`, `[Label]`.
    static func render(_ type: any GraphQLType) -> String {
        if let nonNull = type as? GraphQLNonNull { return render(nonNull.ofType) + "!" }
        if let list = type as? GraphQLList { return "[" + render(list.ofType) + "]" }
        if let named = type as? any GraphQLNamedType { return named.name }
        return "\(type)"
    }

    /// Each field of an object or interface type, with its rendered type and deprecation.
    static func fields(of type: any GraphQLNamedType) throws -> [String: (type: String, deprecated: Bool)] {
        let map: GraphQLFieldMap
        if let object = type as? GraphQLObjectType {
            map = try object.fields()
        } else if let interface = type as? GraphQLInterfaceType {
            map = try interface.fields()
        } else {
            return [:]
        }
        var fields: [String: (type: String, deprecated: Bool)] = [:]
        for (name, field) in map { fields[name] = (render(field.type), field.deprecationReason != nil) }
        return fields
    }
}
