/// A short, readable name for a client from its User-Agent ("Firefox on Linux").
enum DeviceDescription {
    static func from(userAgent: String?) -> String {
        guard let agent = userAgent, !agent.isEmpty else { return "Unknown client" }
        let browsers: [(String, String)] = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
                                            ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl")]
        let systems: [(String, String)] = [("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"),
                                           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")]
        let browser = browsers.first { agent.contains($0.0) }?.1
        let system = systems.first { agent.contains($0.0) }?.1
        switch (browser, system) {
        case let (browser?, system?): return "\(browser) on \(system)"
        case let (browser?, nil): return browser
        case let (nil, system?): return "Browser on \(system)"
        default: return String(agent.prefix(60))
        }
    }
}
