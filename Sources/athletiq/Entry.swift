import AthletIQ
import Foundation

@main
enum Entry {
    static func main() {
        AppLauncher.start()
    }
}
