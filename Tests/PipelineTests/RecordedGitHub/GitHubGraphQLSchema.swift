import Foundation
import GraphQL
import TestSupport

/// GitHub's published GraphQL schema (`Tests/Fixtures/github-graphql/schema.graphql`), built with GraphQLSwift: once
/// untouched, to validate documents (every rule of the specification, and no deprecated field), and once made
/// executable over `GraphQLReplayNode`s (every field resolved by name, abstract types by the node's type name).
enum GitHubGraphQLSchema {
    /// The schema as published, for validation.
    static let published: GraphQLSchema = build()

    /// The same schema with resolvers, for execution.
    static let executable: GraphQLSchema = {
        let schema = build()
        makeExecutable(schema)
        return schema
    }()

    /// What GitHub's schema finds wrong in `document`, deprecated fields included.
    static func problems(in document: Document) -> [String] {
        validate(schema: published, ast: document, rules: specifiedRules + [NoDeprecatedCustomRule]).map(\.message)
    }

    private static func build() -> GraphQLSchema {
        do {
            let text = try String(contentsOf: ProjectPaths.fixture("github-graphql/schema.graphql"), encoding: .utf8)
            // GitHub's SDL does not pass strict SDL validation (graphql-core finds the same).
            return try buildSchema(source: Source(body: text), assumeValidSDL: true)
        } catch {
            fatalError("GitHub's GraphQL schema does not load: \(error)")
        }
    }

    /// Gives every object field a resolver over `GraphQLReplayNode`, and swaps each interface and union a field
    /// returns for a twin of the same name that resolves a node's type from `typename` (a schema built from SDL has
    /// no type resolvers, and those are immutable).
    private static func makeExecutable(_ schema: GraphQLSchema) {
        let byTypeName: GraphQLTypeResolve = { value, _ in (value as? GraphQLReplayNode)?.typename ?? "" }
        var twins: [String: any GraphQLOutputType] = [:]
        for type in schema.typeMap.values {
            if let interface = type as? GraphQLInterfaceType {
                twins[interface.name] = try? GraphQLInterfaceType(
                    name: interface.name, description: interface.description, fields: interface.fields,
                    interfaces: interface.interfaces, resolveType: byTypeName)
            } else if let union = type as? GraphQLUnionType {
                twins[union.name] = try? GraphQLUnionType(
                    name: union.name, description: union.description, resolveType: byTypeName, types: union.types)
            }
        }
        let abstract = twins
        @Sendable func twin(_ type: any GraphQLOutputType) -> any GraphQLOutputType {
            if let list = type as? GraphQLList, let item = list.ofType as? any GraphQLOutputType {
                return GraphQLList(twin(item))
            }
            if let nonNull = type as? GraphQLNonNull, let item = nonNull.ofType as? any GraphQLOutputType,
                let nullable = twin(item) as? any GraphQLNullableType
            {
                return GraphQLNonNull(nullable)
            }
            if let named = type as? any GraphQLNamedType, let replacement = abstract[named.name] { return replacement }
            return type
        }
        let resolve: GraphQLFieldResolve = { source, arguments, _, info in
            guard let node = source as? GraphQLReplayNode else {
                throw GraphQLError(message: "no recorded object under \(info.parentType.name).\(info.fieldName)")
            }
            return try node.resolve(info.fieldName, arguments)
        }
        for type in schema.typeMap.values {
            guard let object = type as? GraphQLObjectType, !object.name.hasPrefix("__") else { continue }
            let original = object.fields
            object.fields = {
                try original().mapValues { field in
                    GraphQLField(
                        type: twin(field.type), description: field.description,
                        deprecationReason: field.deprecationReason, args: field.args, resolve: resolve)
                }
            }
        }
    }
}
