/// Keys: bare (`name`), quoted (`"x y"`, `'x y'`) and dotted (`a."b c".d`).
extension Parser {
    mutating func parseKey() throws(TOMLError) -> Key {
        var parts = [try parseKeyPart()]
        while true {
            // Whitespace around the dots is allowed, so look past it before deciding the key ended.
            let end = position
            skipWhitespace()
            guard peek() == ASCII.dot else {
                position = end
                return Key(parts: parts)
            }
            position += 1
            skipWhitespace()
            guard parts.count < Self.maximumDepth else {
                throw error("a dotted key has more than \(Self.maximumDepth) parts; a recipe needs a few")
            }
            parts.append(try parseKeyPart())
        }
    }

    private mutating func parseKeyPart() throws(TOMLError) -> Key.Part {
        let start = position
        switch peek() {
        case ASCII.quote?, ASCII.apostrophe?:
            if peek(1) == peek() && peek(2) == peek() {
                throw error("a key cannot be a multi-line string")
            }
            let name = peek() == ASCII.quote ? try parseBasicString() : try parseLiteralString()
            return Key.Part(name: name, offset: start)
        case let byte? where ASCII.isBareKey(byte):
            while let byte = peek(), ASCII.isBareKey(byte) { position += 1 }
            return Key.Part(name: String(decoding: bytes[start..<position], as: UTF8.self), offset: start)
        default:
            throw error("expected a key, found \(describe())")
        }
    }
}
