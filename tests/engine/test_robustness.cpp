// Hostile and damaged inputs (the fault-injection findings): each gives one clear engine::Error
// naming the file, never a crash, an unbounded allocation or a silent acceptance.
#include "cnnwb/engine/core/error.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/records/experiment.h"

#include <QTest>

#include <string>

using namespace cnnwb;

namespace {

// `depth` nested arrays around a 1: [[[…1…]]].
std::string nested(int depth)
{
    return std::string(static_cast<std::size_t>(depth), '[') + "1" + std::string(static_cast<std::size_t>(depth), ']');
}

template <typename F> engine::Error errorOf(F&& f)
{
    try {
        f();
    } catch (const engine::Error& e) {
        return e;
    }
    return {engine::ErrorCode::Backend, "no error was thrown"};
}

} // namespace

class TestRobustness : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Finding 1: 100,000 levels inside "model" overflowed the stack when the value was re-serialised.
    void deeplyNestedExperimentIsRefused()
    {
        const std::string text
            = R"({"version": 1, "model": {"name": "deep", "input": [3, 32, 32], "layers": )" + nested(100000) + "}}";
        const engine::Error e = errorOf([&] { (void)engine::experimentFromJson(text, {}, "deep.json"); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().find("nests deeper than 64 levels") != std::string::npos, e.what());
        QCOMPARE(e.context().file, std::string("deep.json"));
    }

    void deeplyNestedSpecIsRefused()
    {
        const engine::Error e = errorOf([&] { (void)engine::modelSpecFromJson(nested(5000), "spec.json"); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().find("nests deeper than") != std::string::npos, e.what());
    }

    void malformedJsonIsOnePlainSentence()
    {
        const engine::Error e = errorOf([&] { (void)engine::modelSpecFromJson("{\"name\": ", "spec.json"); });
        QCOMPARE(e.code(), engine::ErrorCode::InvalidData);
        QVERIFY2(e.message().starts_with("not valid JSON: "), e.what());
        QVERIFY2(e.message().find("json.exception") == std::string::npos, e.what());
        QVERIFY2(e.message().find("line 1") != std::string::npos, e.what());
    }
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "test_robustness.moc"
