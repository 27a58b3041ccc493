public enum AthletIQCoreVersion { public static let value = "0.1.0" }
