// libFuzzer target: the experiment and model-spec JSON readers (records/experiment.cpp,
// model/model_spec.cpp, core/json_document.cpp) and the model analysis run on what they accept
// (model/model_analysis.cpp: shapes, parameters, the memory estimate).
//
// Input: [mode byte][JSON text]. Mode even: an experiment file; odd: a model spec. What parses must
// analyse without throwing, and survive a round trip: what is written reads back to the same text.
// (Not to an equal value: a layer may carry settings its kind does not use, which are not written.)

#include "fuzz_support.h"

#include "cnnwb/engine/model/model_analysis.h"
#include "cnnwb/engine/model/model_spec.h"
#include "cnnwb/engine/records/experiment.h"

#include <string>

namespace {

void analyse(const cnnwb::engine::ModelSpec& spec)
{
    const cnnwb::engine::ModelAnalysis analysis = cnnwb::engine::analyzeModel(spec);
    if (analysis.valid())
        (void)analysis.trainingMemoryBytes(64);
}

void experiment(const std::string& text)
{
    using namespace cnnwb;
    const engine::Experiment parsed = engine::experimentFromJson(text, "/fuzz", "fuzz.json");
    analyse(parsed.model);
    const std::string written = engine::experimentToJson(parsed, "/fuzz");
    fuzz::check(engine::experimentToJson(engine::experimentFromJson(written, "/fuzz"), "/fuzz") == written,
        "an experiment survives a round trip");
}

void spec(const std::string& text)
{
    using namespace cnnwb;
    const engine::ModelSpec parsed = engine::modelSpecFromJson(text, "fuzz.json");
    analyse(parsed);
    const std::string written = engine::modelSpecToJson(parsed);
    fuzz::check(engine::modelSpecToJson(engine::modelSpecFromJson(written)) == written, "a spec survives a round trip");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace cnnwb::fuzz;
    if (size == 0)
        return 0;
    quietUnlessVerbose();
    const std::string text(data + 1, data + size);
    try {
        if (data[0] % 2 == 0)
            experiment(text);
        else
            spec(text);
    } catch (const cnnwb::engine::Error& e) {
        expected(e);
    }
    return 0;
}
