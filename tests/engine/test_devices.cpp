// Device probing and selection. Runs on any machine: where CUDA is not usable it checks that the
// reason is given and that asking for CUDA fails with it; where it is, that cuda:K resolves.

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/core/error.h"

#include <QTest>

using namespace cnnwb;

class TestDevices : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void probeIsConsistent()
    {
        const engine::DeviceInfo info = engine::probeDevices();
        QVERIFY(info.cpuThreads >= 1);
        if (info.cudaAvailable) {
            QVERIFY(info.cudaUnavailableReason.empty());
            QVERIFY(!info.gpuNames.empty());
            QVERIFY(QString::fromStdString(info.defaultDeviceDescription()).startsWith(QStringLiteral("CUDA: ")));
        } else {
            QVERIFY2(info.cudaUnavailableReason.size() > 20, "no reason given for CUDA being unusable");
            QVERIFY(!info.cudaUnavailableSummary.empty());
            QVERIFY(info.cudaUnavailableSummary.size() < info.cudaUnavailableReason.size());
            QVERIFY(QString::fromStdString(info.defaultDeviceDescription()).startsWith(QStringLiteral("CPU (")));
        }
    }

    void resolvesDeviceStrings()
    {
        engine::DeviceInfo noCuda;
        noCuda.cudaUnavailableReason = "the driver is missing.";
        QCOMPARE(engine::resolveDevice("auto", noCuda), std::string("cpu"));
        QCOMPARE(engine::resolveDevice("cpu", noCuda), std::string("cpu"));
        for (const char* bad : {"gpu", "cuda:", "cuda:x", "cuda:1x", "CPU", "cuda:-1"}) {
            try {
                (void)engine::resolveDevice(bad, noCuda);
                QFAIL(bad);
            } catch (const engine::Error& e) {
                QCOMPARE(e.code(), engine::ErrorCode::InvalidArgument);
            }
        }
        try {
            (void)engine::resolveDevice("cuda:0", noCuda);
            QFAIL("cuda:0 accepted without CUDA");
        } catch (const engine::Error& e) {
            QCOMPARE(e.code(), engine::ErrorCode::Device);
            QVERIFY(std::string(e.what()).find("the driver is missing.") != std::string::npos);
        }
    }

    void resolvesCudaWhenAvailable()
    {
        const engine::DeviceInfo info = engine::probeDevices();
        if (!info.cudaAvailable)
            QSKIP("CUDA is not usable here; covered by resolvesDeviceStrings");
        QCOMPARE(engine::resolveDevice("auto", info), std::string("cuda:0"));
        QCOMPARE(engine::resolveDevice("cuda", info), std::string("cuda:0"));
        try {
            (void)engine::resolveDevice("cuda:4096", info);
            QFAIL("cuda:4096 accepted");
        } catch (const engine::Error& e) {
            QCOMPARE(e.code(), engine::ErrorCode::Device);
        }
    }
};

QTEST_GUILESS_MAIN(TestDevices)
#include "test_devices.moc"
