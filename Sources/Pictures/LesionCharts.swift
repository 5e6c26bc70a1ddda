/// The lesion study's pictures, from plain numbers (Pictures does not import Evaluate).
public enum LesionCharts {
    /// Distinct colours for tasks or classes, in order (matplotlib's tab10).
    public static let palette: [Raster.Color] = [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189), (140, 86, 75),
        (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ]

    /// Study 000's Figure 3: for each lesion set (`top music`, `greedy words`, `random`), one bar
    /// per task with its accuracy drop ratio; spreads (the random control's standard deviation)
    /// as error bars.
    ///
    /// - Parameters:
    ///   - drops: `[set][task]` drop ratios; `spreads` likewise, nil where a set has none.
    public static func dropsBySet(
        title: String, sets: [String], tasks: [String], drops: [[Double]], spreads: [[Double]?],
        width: Int = 960, height: Int = 540
    ) -> Raster {
        let series = tasks.indices.map { t in
            GroupedBarChart.Series(
                name: tasks[t], values: drops.map { $0[t] },
                spreads: spreads.map { $0?[t] }, color: palette[t % palette.count])
        }
        let chart = GroupedBarChart(title: title, yLabel: "drop ratio", categories: sets, series: series)
        return chart.raster(width: width, height: height)
    }

    /// Every filter's single-lesion drop ratio on each task, sorted from the largest down: one line
    /// per task, the filter's rank on the x axis.
    public static func sortedDrops(
        title: String, tasks: [String], sortedDrops: [[Double]], width: Int = 960, height: Int = 540
    ) -> Raster {
        let series = tasks.indices.map { t in
            LineChart.Series(
                name: tasks[t], points: sortedDrops[t].enumerated().map { (Double($0.offset + 1), $0.element) },
                color: palette[t % palette.count])
        }
        return LineChart(title: title, xLabel: "filter rank", series: series).raster(width: width, height: height)
    }
}
