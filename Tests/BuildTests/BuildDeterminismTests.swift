import Build
import Foundation
import TestSupport
import Testing

@Suite struct BuildDeterminismTests {
    @Test func twoDirectoriesAndAnyJobCountGiveIdenticalOutputs() throws {
        let fixture = try FolderCorpusFixture(label: "determinism")
        let a = fixture.directory.file("out-a"), b = fixture.directory.file("out-b")
        let first = try build(fixture, out: a, jobs: 1)
        let second = try build(fixture, out: b, jobs: 2)
        #expect(first.shards >= 4)
        #expect(first.clips == 3 * 8 * 3)
        #expect(second.clips == first.clips)
        let sa = try OutputSnapshot(a), sb = try OutputSnapshot(b)
        #expect(sa.shards.keys.sorted() == sb.shards.keys.sorted())
        for (name, bytes) in sa.shards {
            #expect(bytes == sb.shards[name], "shard \(name) differs between --jobs 1 and --jobs 2")
        }
        #expect(sa.card == sb.card)
        #expect(sa.index == sb.index)
        #expect(!(sa.index["clips"] ?? []).isEmpty && !(sa.index["shard_rows"] ?? []).isEmpty)
    }

    @Test func aNoOpRebuildDecodesNoAudioAndRebuildsNoUnit() throws {
        let fixture = try FolderCorpusFixture(label: "noop")
        let out = fixture.directory.file("out")
        let first = try build(fixture, out: out, jobs: 2)
        #expect(first.decodedSources == 24)
        let before = try OutputSnapshot(out)
        let again = try build(fixture, out: out, jobs: 2)
        #expect(again.rebuilt == 0)
        #expect(again.decodedSources == 0)
        #expect(again.rebuiltUnits.isEmpty)
        #expect(
            again.units["probe"]?.reused == 24 && again.units["shard"]?.reused == first.shards
                && again.units["plan"]?.reused == 1)
        #expect(try OutputSnapshot(out) == before)
        // `peak_memory_bytes`: the process's own peak, at least the megabytes the binary maps.
        #expect((again.peakMemoryBytes ?? 0) > 1 << 20)
    }

    @Test func everyClipSitsInExactlyOneShardRowWithItsLabel() throws {
        let fixture = try FolderCorpusFixture(label: "rows")
        let out = fixture.directory.file("out")
        _ = try build(fixture, out: out)
        let planned = try query(out, "SELECT COUNT(*) FROM clips")[0][0].integer
        let placed = try query(out, "SELECT COUNT(DISTINCT clip_id), COUNT(*) FROM shard_rows")[0]
        #expect(planned == 72 && placed[0].integer == 72 && placed[1].integer == 72)
        // A source's clips never straddle shards, and a group's never straddle splits.
        let straddling = try query(
            out, "SELECT source_id FROM clips GROUP BY source_id HAVING COUNT(DISTINCT shard) > 1")
        #expect(straddling.isEmpty)
        let leaks = try query(
            out,
            "SELECT s.group_key FROM clips c JOIN sources s ON s.id = c.source_id GROUP BY s.group_key HAVING COUNT(DISTINCT c.split) > 1"
        )
        #expect(leaks.isEmpty)
    }
}
