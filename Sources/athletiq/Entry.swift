import AthletIQ
import Foundation

@main
enum Entry {
    static func main() async {
        exit(await AppLauncher.run())
    }
}
