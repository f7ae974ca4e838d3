/// The case of an error value as source text, `TCPDecodingError.invalidOptionLength(kind: 2, offset: 20, length: 3)`,
/// for the errors' debug descriptions (their descriptions are sentences). Built by reflection, only when asked.
enum ErrorCaseText {
    /// `TypeName.caseName(values)`.
    static func of(_ value: some Any, typeName: String) -> String {
        guard let child = Mirror(reflecting: value).children.first, let label = child.label else {
            return typeName + "." + String(describing: value)
        }
        let values = String(describing: child.value)
        return typeName + "." + label + (values.hasPrefix("(") ? values : "(" + values + ")")
    }
}
