import CSndFile
import Foundation

/// An audio file open for reading through libsndfile.
///
/// Reads return `Float` samples, interleaved by channel, normalised as libsndfile does by
/// default: 16-bit PCM becomes `int16 / 32768` exactly, as `soundfile.read(dtype='float32')`.
/// An instance is not thread-safe; open one per thread. The file is closed in `deinit`.
public final class SoundFile {
    public let path: String
    public let info: AudioInfo
    private let handle: OpaquePointer

    /// Opens `path` and reads its header. The corresponding C function is `sf_open`.
    public init(readingFrom path: String) throws(SoundFileError) {
        var sfInfo = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            throw SoundFileError(path: path, function: "sf_open", reason: libsndfileMessage(handle: nil))
        }
        self.path = path
        self.handle = handle
        self.info = AudioInfo(
            sampleRate: Int(sfInfo.samplerate),
            channels: Int(sfInfo.channels),
            frames: sfInfo.frames,
            container: AudioContainer(majorFormat: sfInfo.format & Int32(SF_FORMAT_TYPEMASK)),
            encoding: SampleEncoding(subtype: sfInfo.format & Int32(SF_FORMAT_SUBMASK)),
            seekable: sfInfo.seekable != 0)
    }

    deinit { sf_close(handle) }

    /// libsndfile's notes on the header it parsed. The corresponding C call is
    /// `sf_command(SFC_GET_LOG_INFO)`.
    public var headerLog: String {
        var buffer = [CChar](repeating: 0, count: 8192)
        _ = sf_command(handle, Int32(SFC_GET_LOG_INFO), &buffer, Int32(buffer.count))
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The data size the header declares and the size the file really holds, in bytes, when they
    /// disagree: a truncated WAV, AU or AIFF file.
    ///
    /// libsndfile quietly shortens such a file to the bytes present (its log says
    /// `data : 88200 (should be 44078)`), so without this check a cut-off download would decode
    /// as a shorter, valid-looking file.
    public var dataSizeMismatch: (declared: Int64, actual: Int64)? {
        for line in headerLog.split(separator: "\n") where line.lowercased().contains("data") {
            guard let open = line.range(of: "(should be "), let colon = line.firstIndex(of: ":") else { continue }
            let declaredText = line[line.index(after: colon)..<open.lowerBound].trimmingCharacters(in: .whitespaces)
            let actualText = line[open.upperBound...].prefix { $0.isNumber }
            if let declared = Int64(declaredText), let actual = Int64(actualText) { return (declared, actual) }
        }
        return nil
    }

    /// Moves to frame `frame` from the start, so that the next read returns exactly the samples
    /// a read from the start would give there. The corresponding C function is `sf_seek`.
    ///
    /// For lossy codecs libsndfile's seek lands near the frame but not on the same samples:
    /// after an MP3 seek (through mpg123) up to about 3,400 samples come out wrong, because the bit
    /// reservoir of the skipped frames is missing, and the rest differ by one ulp unless the seek
    /// point is a multiple of 8 MPEG frames (the synthesis ring buffer's phase); Ogg Vorbis seeks
    /// are off at some positions. So for MP3, Vorbis and Opus this seeks to a multiple of
    /// `lossyGrid` frames at least `lossyPreroll` frames earlier and decodes forward, which gives
    /// bit-identical samples (tested at many positions).
    public func seek(toFrame frame: Int64) throws(SoundFileError) {
        // Reading on from where the last read stopped needs no seek, and for lossy codecs a seek
        // would cost a pre-roll.
        if sf_seek(handle, 0, SEEK_CUR) == frame { return }
        let lossy = info.encoding == .mp3 || info.encoding == .vorbis || info.encoding == .opus
        let landing = lossy ? max(0, frame - Self.lossyPreroll) / Self.lossyGrid * Self.lossyGrid : frame
        if sf_seek(handle, landing, SEEK_SET) < 0 {
            throw SoundFileError(
                path: path, function: "sf_seek",
                reason: "cannot seek to frame \(frame): \(libsndfileMessage(handle: handle))")
        }
        var remaining = Int(frame - landing)
        var scratch = [Float](repeating: 0, count: 4096 * info.channels)
        while remaining > 0 {
            let got = try scratch.withUnsafeMutableBufferPointer { buffer throws(SoundFileError) in
                try read(into: buffer.baseAddress!, frames: min(4096, remaining))
            }
            if got == 0 { break }
            remaining -= got
        }
    }

    /// Ten MPEG-1 Layer III frames of 1,152 samples: three times the longest disturbance measured.
    static let lossyPreroll: Int64 = 11_520
    /// Eight MPEG frames, after which mpg123's synthesis buffer is back on the phase it has at the start.
    static let lossyGrid: Int64 = 9_216

    /// Reads up to `frames` frames into `buffer` (interleaved, `frames * channels` floats) and
    /// returns how many frames were read; 0 means the end of the file.
    ///
    /// A decoding error part-way (a corrupt MP3 frame, a truncated FLAC) throws rather than
    /// returning a short count that would look like a normal end of file.
    /// The corresponding C function is `sf_readf_float`.
    public func read(into buffer: UnsafeMutablePointer<Float>, frames: Int) throws(SoundFileError) -> Int {
        try checked("sf_readf_float", sf_readf_float(handle, buffer, Int64(frames)))
    }

    /// As `read(into:frames:)`, as 16-bit integers (`sf_readf_short`). For a file whose samples
    /// are 16-bit integers (`SampleEncoding.pcm16`), these are the stored samples themselves, and
    /// libsndfile's floats are exactly these divided by 32,768: reading them this way skips
    /// libsndfile's conversion loop, which cost more than half of decoding a WAV.
    public func read(into buffer: UnsafeMutablePointer<Int16>, frames: Int) throws(SoundFileError) -> Int {
        try checked("sf_readf_short", sf_readf_short(handle, buffer, Int64(frames)))
    }

    /// The one place a read's status becomes an error.
    private func checked(_ function: String, _ got: sf_count_t) throws(SoundFileError) -> Int {
        let status = sf_error(handle)
        if status != 0 {
            throw SoundFileError(
                path: path, function: function, reason: libsndfileMessage(handle: handle, status: status))
        }
        return Int(got)
    }
}

extension SoundFile {
    /// Writes interleaved `samples` to `path` in `format`, replacing any file there.
    ///
    /// Used by tests, the demo and the benchmarks to make real files in every format the corpora
    /// use. The corresponding C functions are `sf_open` (SFM_WRITE), `sf_writef_float` and `sf_close`.
    public static func write(
        _ samples: [Float], channels: Int = 1, sampleRate: Int, format: AudioFormat, to path: String
    ) throws(SoundFileError) {
        precondition(channels > 0 && samples.count % channels == 0, "samples must hold whole frames")
        var sfInfo = SF_INFO()
        sfInfo.samplerate = Int32(sampleRate)
        sfInfo.channels = Int32(channels)
        sfInfo.format = format.sfFormat
        guard sf_format_check(&sfInfo) != 0 else {
            throw SoundFileError(
                path: path, function: "sf_format_check",
                reason: "libsndfile cannot write \(format) at \(sampleRate) Hz with \(channels) channels")
        }
        guard let handle = sf_open(path, Int32(SFM_WRITE), &sfInfo) else {
            throw SoundFileError(path: path, function: "sf_open", reason: libsndfileMessage(handle: nil))
        }
        let frames = Int64(samples.count / channels)
        let written = samples.withUnsafeBufferPointer { sf_writef_float(handle, $0.baseAddress, frames) }
        let writeStatus = sf_error(handle)
        let closeStatus = sf_close(handle)
        if written != frames || writeStatus != 0 {
            throw SoundFileError(
                path: path, function: "sf_writef_float",
                reason: "wrote \(written) of \(frames) frames: \(libsndfileMessage(handle: nil, status: writeStatus))")
        }
        try check(closeStatus, "sf_close", handle: nil, path: path)
    }
}
