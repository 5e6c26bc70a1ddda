import TOML
import Testing

@Suite struct NumberTests {
    @Test func decimalIntegers() throws {
        let table = try parse(
            """
            a = 99
            b = +99
            c = -17
            d = 0
            e = +0
            f = -0
            g = 1_000
            h = 5_349_221
            i = 1_2_3_4_5
            max = 9_223_372_036_854_775_807
            min = -9223372036854775808
            """)
        let expected: [String: Int64] = [
            "a": 99, "b": 99, "c": -17, "d": 0, "e": 0, "f": 0, "g": 1000, "h": 5_349_221, "i": 12345,
            "max": .max, "min": .min,
        ]
        for (key, value) in expected { #expect(table[key] == .integer(value), "\(key)") }
    }

    @Test func hexadecimalOctalAndBinaryIntegers() throws {
        let table = try parse(
            """
            hex1 = 0xDEADBEEF
            hex2 = 0xdeadbeef
            hex3 = 0xdead_beef
            hex4 = 0x00ff
            hexmax = 0x7FFFFFFFFFFFFFFF
            oct1 = 0o01234567
            oct2 = 0o755
            bin1 = 0b11010110
            bin2 = 0b1_0000
            """)
        #expect(table["hex1"] == .integer(0xDEAD_BEEF))
        #expect(table["hex2"] == .integer(0xDEAD_BEEF))
        #expect(table["hex3"] == .integer(0xDEAD_BEEF))
        #expect(table["hex4"] == .integer(255))
        #expect(table["hexmax"] == .integer(.max))
        #expect(table["oct1"] == .integer(0o1234567))
        #expect(table["oct2"] == .integer(0o755))
        #expect(table["bin1"] == .integer(214))
        #expect(table["bin2"] == .integer(16))
    }

    @Test func floatsWithFractionsExponentsAndUnderscores() throws {
        let table = try parse(
            """
            f1 = +1.0
            f2 = 3.1415
            f3 = -0.01
            f4 = 5e+22
            f5 = 1e06
            f6 = -2E-2
            f7 = 6.626e-34
            f8 = 224_617.445_991_228
            f9 = 0.0
            f10 = 1e1_0
            f11 = 2.0
            """)
        let expected: [String: Double] = [
            "f1": 1, "f2": 3.1415, "f3": -0.01, "f4": 5e22, "f5": 1e6, "f6": -0.02, "f7": 6.626e-34,
            "f8": 224_617.445_991_228, "f9": 0, "f10": 1e10, "f11": 2,
        ]
        for (key, value) in expected { #expect(table[key] == .float(value), "\(key)") }
    }

    @Test func signedZeroKeepsItsSign() throws {
        let table = try parse("neg = -0.0\npos = +0.0")
        guard case .float(let negative)? = table["neg"], case .float(let positive)? = table["pos"] else {
            Issue.record(
                "expected floats, got \(String(describing: table["neg"])) and \(String(describing: table["pos"]))")
            return
        }
        #expect(negative == 0 && negative.sign == .minus)
        #expect(positive == 0 && positive.sign == .plus)
    }

    @Test func infinityAndNaN() throws {
        let table = try parse("a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan")
        #expect(table["a"] == .float(.infinity))
        #expect(table["b"] == .float(.infinity))
        #expect(table["c"] == .float(-.infinity))
        for key in ["d", "e", "f"] {
            guard case .float(let value)? = table[key] else {
                Issue.record("\(key) is \(String(describing: table[key])), not a float")
                continue
            }
            #expect(value.isNaN, "\(key)")
        }
    }

    @Test func booleans() throws {
        let table = try parse("yes = true\nno = false")
        #expect(table["yes"] == .boolean(true))
        #expect(table["no"] == .boolean(false))
    }

    @Test func valuesEndAtCommentsAndSeparators() throws {
        let table = try parse("a = 1#no space\nb = [1,2.5,true]\nc = {x=0x1F}")
        #expect(table["a"] == 1)
        #expect(table["b"] == [1, 2.5, true])
        #expect(table["c"] == ["x": 31])
    }
}
