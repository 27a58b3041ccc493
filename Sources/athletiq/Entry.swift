import AthletIQ

@main
enum Entry {
    static func main() async throws {
        try await AppLauncher.run()
    }
}
