@testable import AthletIQ
import NIOCore
import Testing

@Suite struct CPUAllowanceTests {
    func status(_ list: String) -> String {
        "Name:\tathletiq\nThreads:\t3\nCpus_allowed:\tff\nCpus_allowed_list:\t\(list)\nMems_allowed_list:\t0\n"
    }

    @Test func countsEveryCPUOfTheAffinityList() {
        #expect(CPUAllowance.allowedCPUCount(procStatus: status("0")) == 1)
        #expect(CPUAllowance.allowedCPUCount(procStatus: status("0-1")) == 2)
        #expect(CPUAllowance.allowedCPUCount(procStatus: status("0-3,6,8-9")) == 7)
    }

    @Test func aMissingOrMalformedListLeavesTheCountToNIO() {
        #expect(CPUAllowance.allowedCPUCount(procStatus: "Name:\tathletiq\n") == nil)
        for bad in ["", "3-1", "a-b", "1-2-3", "-1", "0-999999999", "0,,x"] {
            #expect(CPUAllowance.allowedCPUCount(procStatus: status(bad)) == nil, "\(bad)")
        }
    }

    @Test func theEventLoopCountNeverExceedsTheAllowedCPUs() {
        #expect(CPUAllowance.eventLoopCount(procStatus: status("0")) == 1)
        #expect(CPUAllowance.eventLoopCount(procStatus: status("0-4095")) == System.coreCount)
        #expect(CPUAllowance.eventLoopCount(procStatus: nil) == System.coreCount)
    }
}
