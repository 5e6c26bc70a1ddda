import MelshardCommands

@main
enum Entrypoint {
    static func main() { Melshard.runFromCommandLine() }
}
