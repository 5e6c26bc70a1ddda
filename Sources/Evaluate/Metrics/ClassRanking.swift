/// Where the true class ranks among a clip's scores, the one rule behind top-1, top-k and the
/// confusion matrix.
///
/// A class's rank (0-based) is the number of candidate classes scored strictly higher, plus the
/// number scored the same with a lower index: ties go to the lower index, as `torch.argmax`
/// takes the first of equal maxima (and as `Train`'s accuracy does, so `result.json`'s test
/// accuracy and top-1 here are the same number).
enum ClassRanking {
    /// The predicted class among `candidates` (indices into `scores`): the highest score, the
    /// lowest index among equals.
    ///
    /// - Precondition: `candidates` is not empty.
    static func top(_ scores: [Float], among candidates: [Int]) -> Int {
        var best = candidates[0]
        for c in candidates where scores[c] > scores[best] || (scores[c] == scores[best] && c < best) { best = c }
        return best
    }

    /// The rank of `target` among `candidates`: 0 when it is the prediction.
    static func rank(of target: Int, _ scores: [Float], among candidates: [Int]) -> Int {
        let score = scores[target]
        var rank = 0
        for c in candidates where c != target && (scores[c] > score || (scores[c] == score && c < target)) {
            rank += 1
        }
        return rank
    }
}
