import PNG

/// A run's loss and accuracy curves as one PNG: the loss on top, the accuracy below, each with
/// the training batches (light), the training epochs' means and the validation split per epoch.
public enum TrainingCurves {
    /// What the picture shows, in plain numbers (so Pictures does not depend on Train).
    public struct Data: Sendable {
        /// (step, loss, accuracy) per training step.
        public var steps: [(step: Double, loss: Double, accuracy: Double)]
        /// (step at the epoch's end, train loss, train accuracy, validation loss, validation accuracy).
        public var epochs:
            [(
                step: Double, trainLoss: Double, trainAccuracy: Double, validationLoss: Double?,
                validationAccuracy: Double?
            )]

        public init(
            steps: [(step: Double, loss: Double, accuracy: Double)],
            epochs: [(
                step: Double, trainLoss: Double, trainAccuracy: Double, validationLoss: Double?,
                validationAccuracy: Double?
            )]
        ) {
            self.steps = steps
            self.epochs = epochs
        }
    }

    public static func picture(_ data: Data, title: String, width: Int = 960, height: Int = 720) -> PNGImage {
        let batches: Raster.Color = (180, 200, 230), train: Raster.Color = (31, 119, 180),
            validation: Raster.Color = (255, 127, 14)
        func chart(
            _ name: String, _ batchValue: (Int) -> Double, _ trainValue: (Int) -> Double,
            _ validationValue: (Int) -> Double?
        ) -> LineChart {
            LineChart(
                title: name, xLabel: "step",
                series: [
                    .init(
                        name: "batch", points: data.steps.indices.map { (data.steps[$0].step, batchValue($0)) },
                        color: batches),
                    .init(
                        name: "train", points: data.epochs.indices.map { (data.epochs[$0].step, trainValue($0)) },
                        color: train),
                    .init(
                        name: "validation",
                        points: data.epochs.indices.compactMap { i in
                            validationValue(i).map { (data.epochs[i].step, $0) }
                        },
                        color: validation),
                ])
        }
        let loss = chart(
            "\(title): loss", { data.steps[$0].loss }, { data.epochs[$0].trainLoss }, { data.epochs[$0].validationLoss }
        )
        let accuracy = chart(
            "accuracy", { data.steps[$0].accuracy }, { data.epochs[$0].trainAccuracy },
            { data.epochs[$0].validationAccuracy })
        var canvas = Raster(width: width, height: height)
        canvas.draw(loss.raster(width: width, height: height / 2), x: 0, y: 0)
        canvas.draw(accuracy.raster(width: width, height: height - height / 2), x: 0, y: height / 2)
        return canvas.image
    }
}
