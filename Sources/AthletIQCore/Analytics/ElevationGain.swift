/// Elevation gain and loss. Altitude from GPS and barometers is noisy: summing every rise
/// overstates the climb. We first smooth each altitude with its neighbours (weights 0.3, 0.4,
/// 0.3, the smoothing gpxpy uses, so GPX totals agree with it), then sum the rises and drops.
public enum ElevationGain {
    public static func gainAndLoss(_ altitudes: [Double]) -> (gain: Double, loss: Double) {
        let values = altitudes.filter { !$0.isNaN }
        guard values.count > 1 else { return (0, 0) }
        var smoothed = values
        if values.count > 2 {
            for index in 1..<(values.count - 1) {
                smoothed[index] = values[index - 1] * 0.3 + values[index] * 0.4 + values[index + 1] * 0.3
            }
        }
        var gain = 0.0, loss = 0.0
        for index in 1..<smoothed.count {
            let delta = smoothed[index] - smoothed[index - 1]
            if delta > 0 { gain += delta } else { loss -= delta }
        }
        return (gain, loss)
    }
}
