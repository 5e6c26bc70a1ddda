import PNG
import Testing

@testable import Pictures

/// The training-curves PNG: loss on top, accuracy below, each chart drawn from the right numbers.
@Suite struct TrainingCurvesTests {
    static let batch: [UInt8] = [180, 200, 230], validation: [UInt8] = [255, 127, 14]

    /// Loss falls and accuracy rises over 8 steps; two epochs, the second without validation when `validated` is false.
    func data(validated: Bool) -> TrainingCurves.Data {
        var steps: [(step: Double, loss: Double, accuracy: Double)] = []
        for i in 1...8 { steps.append((step: Double(i), loss: 2 - 0.2 * Double(i), accuracy: 0.1 * Double(i))) }
        let validation: [(loss: Double, accuracy: Double)?] = validated ? [(1.6, 0.25), (0.9, 0.6)] : [nil, nil]
        let epochs:
            [(
                step: Double, trainLoss: Double, trainAccuracy: Double, validationLoss: Double?,
                validationAccuracy: Double?
            )] = [
                (
                    step: 4, trainLoss: 1.5, trainAccuracy: 0.3, validationLoss: validation[0]?.loss,
                    validationAccuracy: validation[0]?.accuracy
                ),
                (
                    step: 8, trainLoss: 0.7, trainAccuracy: 0.7, validationLoss: validation[1]?.loss,
                    validationAccuracy: validation[1]?.accuracy
                ),
            ]
        return TrainingCurves.Data(steps: steps, epochs: epochs)
    }

    @Test func theFileIsAnRGBPNGOfTheAskedSize() throws {
        let bytes = try TrainingCurves.picture(data(validated: true), title: "run", width: 400, height: 401).encoded()
        #expect(Array(bytes[16..<26]) == [0, 0, 1, 0x90, 0, 0, 1, 0x91, 8, 2])
        let image = try PNGImage(decoding: bytes)
        #expect(image.width == 400 && image.height == 401)
    }

    /// Each 400 × 200 chart plots y 40…160 of its half. The first batch is the highest loss and
    /// the lowest accuracy, so it is drawn near the top of the loss chart and near the bottom of
    /// the accuracy chart.
    @Test func lossIsOnTopAndAccuracyBelow() throws {
        let image = try PNGImage(
            decoding: TrainingCurves.picture(data(validated: true), title: "run", width: 400, height: 400).encoded())
        func batchRows(_ range: Range<Int>) -> [Int] {
            range.filter { y in (70...71).contains { image.rgb($0, y) == Self.batch } }
        }
        let loss = batchRows(40..<161)
        let accuracy = batchRows(240..<361)
        #expect(!loss.isEmpty && loss.allSatisfy { $0 < 40 + 20 }, "loss chart rows \(loss)")
        #expect(!accuracy.isEmpty && accuracy.allSatisfy { $0 > 360 - 20 }, "accuracy chart rows \(accuracy)")
    }

    @Test func validationIsDrawnOnlyWhereThereIsSome() throws {
        func validationPixels(_ validated: Bool) throws -> (top: Int, bottom: Int) {
            let image = try PNGImage(
                decoding: TrainingCurves.picture(data(validated: validated), title: "run", width: 400, height: 400)
                    .encoded())
            // Plot areas only: the legends, above y 40 of each half, show the colour either way.
            func count(_ ys: Range<Int>) -> Int {
                ys.reduce(0) { n, y in n + (70..<390).filter { image.rgb($0, y) == Self.validation }.count }
            }
            return (count(40..<161), count(240..<361))
        }
        let with = try validationPixels(true)
        let without = try validationPixels(false)
        #expect(with.top > 100 && with.bottom > 100, "\(with)")
        #expect(without.top == 0 && without.bottom == 0, "\(without)")
    }
}
