// The gradient exchange of data-parallel training in process (one rank, Gloo on loopback): the
// buckets fill and go out while backward() runs, as DDP's reducer does. Compiles against LibTorch
// and the engine's internal headers, so it leaves out cnnwb/engine.h (spdlog's {fmt} clashes with
// LibTorch's).

#include "support/fixtures.h"

#include "distributed/gradient_reducer.h"
#include "distributed/process_group.h"

#include "cnnwb/engine/distributed/distributed.h"

#include <QTest>

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>

using namespace cnnwb;

class TestGradientReducer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // In process, one rank: the buckets fill and go out while backward() runs (DDP's overlap), and
    // what comes back is the gradient itself.
    void gradientBucketsGoOutDuringTheBackwardPass()
    {
        engine::DistributedSetup setup;
        setup.masterAddr = "127.0.0.1";
        setup.masterPort = test::freeLoopbackPort();
        setup.launcher = "test";
        engine::ProcessGroup group(setup, torch::Device(torch::kCPU));
        QCOMPARE(group.backendName(), std::string("gloo"));
        torch::manual_seed(1);
        torch::nn::Sequential model(torch::nn::Linear(64, 64), torch::nn::ReLU(), torch::nn::Linear(64, 64),
            torch::nn::ReLU(), torch::nn::Linear(64, 10));
        const torch::Tensor input = torch::randn({8, 64});
        model->forward(input).square().sum().backward();
        std::vector<torch::Tensor> expected;
        for (const auto& p : model->parameters())
            expected.push_back(p.grad().clone());

        for (auto& p : model->parameters())
            p.mutable_grad() = torch::Tensor();
        engine::GradientReducer reducer(group, model->parameters(), 64 * 64 * 4); // a weight per bucket
        QVERIFY(reducer.bucketCount() >= 3);
        const torch::Tensor loss = model->forward(input).square().sum();
        reducer.prepare(true, loss);
        loss.backward();
        QCOMPARE(reducer.bucketsSentDuringBackward(), reducer.bucketCount());
        reducer.finish();
        QCOMPARE(reducer.stopVotes().item<double>(), 1.0); // this rank's stop vote
        QCOMPARE(reducer.lossSum().item<float>(), loss.item<float>());
        // The next step starts empty; what was read stays.
        const torch::Tensor votes = reducer.stopVotes();
        reducer.prepare(false, torch::Tensor());
        QCOMPARE(votes.item<double>(), 1.0);
        const auto parameters = model->parameters();
        for (std::size_t i = 0; i < parameters.size(); ++i)
            QVERIFY(torch::equal(parameters[i].grad(), expected[i]));
    }
};

QTEST_GUILESS_MAIN(TestGradientReducer)
#include "test_gradient_reducer.moc"
