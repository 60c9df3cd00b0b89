/// The few pieces of SVG text the renderer is written with.
enum SVG {
    /// `text` with the characters XML gives a meaning to (`&`, `<`, `>`, `"`, `'`) written as entities.
    static func escaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals and no trailing zeros: `12.5`, `3`, `-0.25` (`0` for NaN).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var s = cFormat("%.2f", value)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// `<name a="v" …/>`, with the attribute values escaped.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String>) -> String {
        "<\(name)\(attributeText(attributes))/>"
    }

    /// `<name a="v" …>text</name>`, with the text and attribute values escaped.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String>, text: String) -> String {
        "<\(name)\(attributeText(attributes))>\(escaped(text))</\(name)>"
    }

    /// `<name a="v" …>markup</name>`, with the attribute values escaped and `markup` written as it is.
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String>, markup: String) -> String {
        "<\(name)\(attributeText(attributes))>\(markup)</\(name)>"
    }

    /// `<rect …/>` covering `box`, with `more` attributes after its position and size.
    static func rect(_ box: Box, _ more: KeyValuePairs<String, String> = [:]) -> String {
        let place: KeyValuePairs = ["x": number(box.left), "y": number(box.top), "width": number(box.width),
                                    "height": number(box.height)]
        return "<rect\(attributeText(place))\(attributeText(more))/>"
    }

    private static func attributeText(_ attributes: KeyValuePairs<String, String>) -> String {
        attributes.map { " \($0.key)=\"\(escaped($0.value))\"" }.joined()
    }
}
