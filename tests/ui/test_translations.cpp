// The translations: lupdate run against the sources finds no string missing from the .ts files and
// no entry unfinished; in zh_CN the main window's menus, tabs and the layer editor's headers are
// Chinese; View → Language remembers the choice; the guided first experiment walks and skips.

#include "ui/app/guided_tour.h"
#include "ui/app/main_window.h"
#include "ui/app/translation_loader.h"
#include "ui/common/engine_text.h"
#include "ui/common/qt_log_sink.h"
#include "ui/model/layer_stack_editor.h"
#include "ui/training/training_bridge.h"
#include "ui/training/training_settings_panel.h"

#include "cnnwb/engine/core/log.h"
#include "cnnwb/engine/core/logging.h"
#include "cnnwb/engine/model/model_analysis.h"

#include "support/fixtures.h"

#include <spdlog/logger.h>
#include <spdlog/spdlog.h>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <functional>

using namespace cnnwb;

namespace {

const QString kTsFile = QStringLiteral(CNNWB_SOURCE_DIR "/resources/translations/cnn-workbench_zh_CN.ts");

// Every message that is not translated (unfinished, vanished, obsolete or empty), as "context: source".
QStringList untranslated(const QString& tsFile)
{
    QFile file(tsFile);
    if (!file.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot read ") + tsFile};
    QXmlStreamReader xml(&file);
    QStringList problems;
    QString context;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name"))
            context = xml.readElementText();
        else if (xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation")) {
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (!type.isEmpty() || text.trimmed().isEmpty())
                problems << QStringLiteral("%1: \"%2\" (%3)")
                                .arg(context, source, type.isEmpty() ? QStringLiteral("empty") : type);
        }
    }
    if (xml.hasError())
        problems << QStringLiteral("XML error: ") + xml.errorString();
    return problems;
}

bool hasChinese(const QString& text)
{
    static const QRegularExpression han(QStringLiteral("[\\x{4e00}-\\x{9fff}]"));
    return text.contains(han);
}

// Networks with a problem each, together saying nearly every sentence the model check has.
std::vector<engine::ModelSpec> brokenNetworks()
{
    using engine::LayerKind;
    using engine::LayerSpec;
    const auto layer = [](LayerKind kind, const std::function<void(LayerSpec&)>& edit = {}) {
        LayerSpec spec = LayerSpec::defaults(kind);
        if (edit)
            edit(spec);
        return spec;
    };
    const auto network = [](std::vector<LayerSpec> layers) {
        engine::ModelSpec spec;
        spec.input = {3, 16, 16};
        spec.layers = std::move(layers);
        return spec;
    };
    return {
        network({layer(LayerKind::Conv2d, [](LayerSpec& l) { l.kernel = 20; })}),
        network({layer(LayerKind::Conv2d,
            [](LayerSpec& l) {
                l.kernel = 20;
                l.padding = 1;
                l.dilation = 2;
            })}),
        network({layer(LayerKind::Conv2d,
            [](LayerSpec& l) {
                l.groups = 2;
                l.outChannels = 5;
            })}),
        network({layer(LayerKind::Conv2d,
            [](LayerSpec& l) {
                l.kernel = 0;
                l.stride = 0;
                l.padding = -1;
            })}),
        network({layer(LayerKind::Linear)}),
        network({layer(LayerKind::Flatten), layer(LayerKind::BatchNorm2d)}),
        network({layer(LayerKind::Flatten), layer(LayerKind::Dropout2d)}),
        network({layer(LayerKind::Flatten), layer(LayerKind::Linear, [](LayerSpec& l) { l.inFeatures = 7; })}),
        network({layer(LayerKind::Flatten), layer(LayerKind::Linear, [](LayerSpec& l) { l.outChannels = 5; })}),
        network({layer(LayerKind::MaxPool2d, [](LayerSpec& l) { l.padding = 5; })}),
        network({layer(LayerKind::Dropout, [](LayerSpec& l) { l.probability = 2.0; })}),
        network({layer(LayerKind::Conv2d)}),
        network({}),
    };
}

engine::DatasetIdentity sampleDataset()
{
    engine::DatasetIdentity dataset;
    dataset.name = "CIFAR-10";
    dataset.format = "ImageFolder";
    dataset.shape = {3, 32, 32};
    dataset.trainCount = 50000;
    dataset.testCount = 10000;
    return dataset;
}

// Every phrase the sources log (logInfo / logWarning / logError with a literal, split over lines
// or not, QT_TRANSLATE_NOOP around it or not), as "file: text".
QStringList loggedPhrases()
{
    static const QRegularExpression call(QStringLiteral(
        R"re(log(?:Info|Warning|Error)\(\s*\{\s*(?:QT_TRANSLATE_NOOP\("EngineText",\s*)?((?:"(?:[^"\\]|\\.)*"\s*)+))re"));
    static const QRegularExpression literal(QStringLiteral(R"re("((?:[^"\\]|\\.)*)")re"));
    QStringList phrases;
    for (const QString& folder : {QStringLiteral("engine/src"), QStringLiteral("ui"), QStringLiteral("app")}) {
        QDirIterator files(QStringLiteral(CNNWB_SOURCE_DIR "/") + folder, {QStringLiteral("*.cpp")}, QDir::Files,
            QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile file(files.next());
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QString source = QString::fromUtf8(file.readAll());
            for (auto found = call.globalMatch(source); found.hasNext();) {
                QString text;
                for (auto part = literal.globalMatch(found.next().captured(1)); part.hasNext();)
                    text += part.next().captured(1);
                text.replace(QStringLiteral("\\\""), QStringLiteral("\""));
                phrases << QFileInfo(file.fileName()).fileName() + QStringLiteral(": ") + text;
            }
        }
    }
    return phrases;
}

// What the log panel's sink makes of one engine line, logged through a logger of its own.
QString panelLineFor(const engine::Phrase& phrase)
{
    auto sink = std::make_shared<ui::QtLogSink>();
    QSignalSpy lines(sink->emitter(), &ui::LogEmitter::lineLogged);
    auto logger = std::make_shared<spdlog::logger>(engine::kLoggerName, sink);
    spdlog::register_logger(logger);
    engine::logWarning(phrase);
    logger->info("a line from spdlog itself");
    spdlog::drop(engine::kLoggerName);
    if (lines.size() != 2 || !lines.at(1).first().toString().endsWith(QStringLiteral("a line from spdlog itself")))
        return QStringLiteral("unexpected lines: %1").arg(lines.size());
    return lines.first().first().toString();
}

engine::CheckpointInfo samplePosition(int batch)
{
    engine::CheckpointInfo info;
    info.experiment.training.epochs = 10;
    info.epoch = 4;
    info.batch = batch;
    return info;
}

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private:
    QTranslator m_translator;
    QTranslator m_qtTranslator;
    QTemporaryDir m_home;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_DATA_HOME", m_home.filePath(QStringLiteral("data-home")).toUtf8()); // the run's folder
        QCoreApplication::setOrganizationName(QStringLiteral("cnnwb-test-translations"));
        QSettings().clear();
    }

    void everyStringIsTranslated()
    {
        const QStringList problems = untranslated(kTsFile);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.mid(0, 15).join(QLatin1Char('\n'))));
    }

    void noStringIsMissingFromTheTsFile()
    {
        // lupdate over the sources into a copy: a tr() string the .ts lacks comes back unfinished.
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("check.ts"));
        QVERIFY(QFile::copy(kTsFile, copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(CNNWB_SOURCE_DIR));
        lupdate.start(QStringLiteral(CNNWB_LUPDATE),
            {QStringLiteral("-I"), QStringLiteral("."), QStringLiteral("-I"), QStringLiteral("engine/include"),
                QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-no-obsolete"),
                QStringLiteral("-source-language"), QStringLiteral("en"), QStringLiteral("-target-language"),
                QStringLiteral("zh_CN"), QStringLiteral("ui"), QStringLiteral("app"), QStringLiteral("-ts"), copy});
        QVERIFY(lupdate.waitForFinished(300000));
        QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
        const QStringList problems = untranslated(copy);
        QVERIFY2(problems.isEmpty(),
            qPrintable(QStringLiteral("strings in the sources without a finished translation (run the "
                                      "cnnwb_update_translations target, then translate):\n")
                + problems.mid(0, 15).join(QLatin1Char('\n'))));
    }

    void layerTextsMatchTheEngineInEnglish()
    {
        // The GUI's translatable layer texts say in English exactly what the engine says.
        for (const engine::LayerKind kind : engine::allLayerKinds()) {
            QCOMPARE(ui::EngineText::layerKind(kind), QString::fromLatin1(engine::layerKindName(kind).data()));
            for (int variant = 0; variant < 4; ++variant) {
                engine::LayerSpec layer;
                layer.kind = kind;
                layer.outChannels = 16 + variant;
                layer.kernel = 3 + variant % 2;
                layer.stride = variant % 3;
                layer.padding = variant;
                layer.samePadding = variant == 3;
                layer.dilation = 1 + variant % 2;
                layer.groups = variant == 2 ? 2 : 1;
                layer.bias = variant != 1;
                layer.inFeatures = variant == 0 ? 0 : 128;
                layer.probability = 0.25 * variant;
                layer.negativeSlope = 0.01 * (variant + 1);
                layer.outputSize = variant + 1;
                QCOMPARE(ui::EngineText::layerSettings(layer), QString::fromStdString(engine::describeSettings(layer)));
            }
        }
        // The model's problems: the GUI's sentence is the engine's, word for word.
        int problems = 0;
        for (const engine::ModelSpec& spec : brokenNetworks())
            for (const engine::SpecProblem& problem : engine::analyzeModel(spec, 10).problems) {
                QCOMPARE(ui::EngineText::problem(problem, spec), QString::fromStdString(problem.message));
                ++problems;
            }
        QVERIFY(problems >= 15);
        QCOMPARE(ui::EngineText::dataset(sampleDataset()), QString::fromStdString(sampleDataset().describe()));
        for (const int batch : {0, 120}) {
            const engine::CheckpointInfo info = samplePosition(batch);
            QCOMPARE(ui::EngineText::checkpointPosition(info), QString::fromStdString(info.describePosition()));
        }
        const engine::Error error(
            engine::ErrorCode::InvalidData, "label 10 is out of range 0..9", {"data_batch_1.bin", 12});
        QCOMPARE(ui::EngineText::error(error),
            QStringLiteral("The data is not usable (file data_batch_1.bin, record 12): label 10 is out of range 0..9"));
        // Phrases, nested ones and a value holding "%1" (a path) included; augmentations.
        const engine::Phrase saved{
            "checkpoint saved to %1 (%2)", {"/tmp/100%1/last.ckpt", samplePosition(7).positionPhrase()}};
        QCOMPARE(ui::EngineText::phrase(saved), QString::fromStdString(saved.english()));
        QCOMPARE(
            saved.english(), std::string("checkpoint saved to /tmp/100%1/last.ckpt (epoch 4 of 10, 7 batches done)"));
        engine::AugmentationSpec augmentation;
        QCOMPARE(ui::EngineText::augmentation(augmentation), QStringLiteral("none"));
        augmentation.crop.enabled = true;
        augmentation.crop.reflect = true;
        augmentation.rotation.enabled = true;
        augmentation.cutout.enabled = true;
        QCOMPARE(ui::EngineText::augmentation(augmentation), QString::fromStdString(engine::describe(augmentation)));
        // The log panel's line: time, level, the engine's English.
        const QString line = panelLineFor(saved);
        static const QRegularExpression shape(QStringLiteral("^\\d\\d:\\d\\d:\\d\\d warning: checkpoint saved to "));
        QVERIFY2(shape.match(line).hasMatch(), qPrintable(line));
    }

    void everyLoggedPhraseIsInTheCatalogue()
    {
        QVERIFY(ui::TranslationLoader::install(
            m_translator, m_qtTranslator, QStringLiteral("zh_CN"), QStringLiteral(CNNWB_QM_DIR)));
        const QStringList phrases = loggedPhrases();
        QVERIFY2(phrases.size() >= 35, qPrintable(QString::number(phrases.size())));
        QStringList english;
        for (const QString& phrase : phrases) {
            const QString text = phrase.section(QStringLiteral(": "), 1);
            if (QCoreApplication::translate("EngineText", text.toUtf8().constData()) == text)
                english << phrase;
        }
        // And a line of the log panel in Chinese: the level's word, the phrase, a nested phrase.
        const QString line
            = panelLineFor({"checkpoint saved to %1 (%2)", {"/tmp/a.ckpt", samplePosition(0).positionPhrase()}});
        QCoreApplication::removeTranslator(&m_translator);
        QCoreApplication::removeTranslator(&m_qtTranslator);
        QVERIFY2(english.isEmpty(),
            qPrintable(QStringLiteral("logged phrases missing from kPhraseTexts (ui/common/engine_text.cpp) or "
                                      "untranslated:\n")
                + english.join(QLatin1Char('\n'))));
        QVERIFY2(hasChinese(line) && line.contains(QStringLiteral("/tmp/a.ckpt"))
                && !line.contains(QStringLiteral("warning")) && !line.contains(QStringLiteral("done")),
            qPrintable(line));
    }

    void mainWindowSpeaksChinese()
    {
        QVERIFY(ui::TranslationLoader::install(
            m_translator, m_qtTranslator, QStringLiteral("zh_CN"), QStringLiteral(CNNWB_QM_DIR)));
        engine::DeviceInfo devices;
        devices.cpuThreads = 2;
        ui::MainWindow window(devices);
        QStringList menus;
        for (QAction* action : window.menuBar()->actions())
            menus << action->text();
        QCOMPARE(menus.size(), 5);
        for (const QString& title : menus)
            QVERIFY2(hasChinese(title), qPrintable(title));
        QCOMPARE(menus.first(), QStringLiteral("文件(&F)"));
        for (int tab = 0; tab < window.tabs()->count(); ++tab)
            QVERIFY2(hasChinese(window.tabs()->tabText(tab)), qPrintable(window.tabs()->tabText(tab)));
        QAbstractItemModel* layers = window.layerEditor()->view()->model();
        for (int column = 1; column < layers->columnCount(); ++column) {
            const QString header = layers->headerData(column, Qt::Horizontal).toString();
            QVERIFY2(hasChinese(header), qPrintable(header));
        }
        // Layer kinds: the Chinese name beside PyTorch's class name; settings and errors in Chinese too.
        const QString kind = layers->index(0, 1).data().toString();
        QVERIFY2(hasChinese(kind) && kind.contains(QStringLiteral("Conv2d")), qPrintable(kind));
        const QString settings = layers->index(0, 2).data().toString();
        QVERIFY2(hasChinese(settings), qPrintable(settings));
        const QString error
            = ui::EngineText::error(engine::Error(engine::ErrorCode::Io, "cannot open file", {"x.ckpt"}));
        QVERIFY2(hasChinese(error) && error.contains(QStringLiteral("x.ckpt")), qPrintable(error));
        for (const QString& text :
            {ui::EngineText::dataset(sampleDataset()), ui::EngineText::checkpointPosition(samplePosition(0)),
                ui::EngineText::checkpointPosition(samplePosition(7)), ui::EngineText::runStatus("finished")})
            QVERIFY2(hasChinese(text), qPrintable(text));
        // Every problem of the model check, in the catalogue: none stays English.
        for (const engine::ModelSpec& spec : brokenNetworks())
            for (const engine::SpecProblem& problem : engine::analyzeModel(spec, 10).problems) {
                const std::string phrase(problem.phrase.text);
                QVERIFY2(QCoreApplication::translate("EngineText", phrase.c_str()) != QString::fromStdString(phrase),
                    phrase.c_str());
                const QString text = ui::EngineText::problem(problem, spec);
                QVERIFY2(hasChinese(text), qPrintable(text));
            }
        QCoreApplication::removeTranslator(&m_translator);
        QCoreApplication::removeTranslator(&m_qtTranslator);
    }

    void aRunEndsInChinese()
    {
        QTemporaryDir dir;
        const std::filesystem::path data = dir.filePath(QStringLiteral("cifar")).toStdString();
        test::writeCifar10(data, {.recordsPerTrainBatch = 16, .testRecords = 16, .classCount = 4});
        QVERIFY(ui::TranslationLoader::install(
            m_translator, m_qtTranslator, QStringLiteral("zh_CN"), QStringLiteral(CNNWB_QM_DIR)));
        engine::DeviceInfo devices;
        devices.cpuThreads = 2;
        ui::MainWindow window(devices);
        window.openDataset(data);
        window.newExperiment();
        qobject_cast<QSpinBox*>(window.trainingSettings()->editor(QStringLiteral("epochs")))->setValue(1);
        QSignalSpy finished(window.trainingBridge(), &ui::TrainingBridge::finished);
        window.startAction()->trigger();
        QVERIFY(finished.wait(120000));
        // The label keeps the words before the colon of the run's message: Chinese ends them with "：".
        QTRY_VERIFY(hasChinese(window.progressLabel()->text()));
        const QString label = window.progressLabel()->text();
        const QString message = window.runMessage()->text();
        QCoreApplication::removeTranslator(&m_translator);
        QCoreApplication::removeTranslator(&m_qtTranslator);
        QVERIFY2(!label.contains(QLatin1Char(':')) && !label.contains(QChar(0xFF1A)) && message.startsWith(label),
            qPrintable(label + QStringLiteral(" | ") + message));
        QVERIFY2(hasChinese(message) && message.size() > label.size() + 4, qPrintable(message));
    }

    void languageMenuRemembersTheChoice()
    {
        engine::DeviceInfo devices;
        ui::MainWindow window(devices);
        auto* menu = window.findChild<QMenu*>(QStringLiteral("languageMenu"));
        QVERIFY(menu);
        QCOMPARE(menu->actions().size(), 3);
        QAction* chinese = menu->actions().at(2);
        QCOMPARE(chinese->text(), QStringLiteral("简体中文"));
        chinese->trigger();
        QCOMPARE(
            QSettings().value(QLatin1String(ui::TranslationLoader::kSettingsKey)).toString(), QStringLiteral("zh_CN"));
        QCOMPARE(ui::TranslationLoader::chosenLanguage(), QStringLiteral("zh_CN"));
        menu->actions().at(1)->trigger();
        QCOMPARE(ui::TranslationLoader::chosenLanguage(), QStringLiteral("en"));
        QSettings().remove(QLatin1String(ui::TranslationLoader::kSettingsKey));
    }

    void guidedTourWalksAndSkips()
    {
        engine::DeviceInfo devices;
        ui::MainWindow window(devices);
        window.resize(1200, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ui::GuidedTour* tour = window.startGuidedTour();
        QSignalSpy finished(tour, &ui::GuidedTour::finished);
        QCOMPARE(tour->currentStep(), 0);
        QVERIFY(tour->stepCount() >= 8);
        QVERIFY(tour->highlight().isEmpty()); // the welcome has no panel
        QTest::mouseClick(tour->nextButton(), Qt::LeftButton);
        QCOMPARE(tour->currentStep(), 1);
        QCOMPARE(window.tabs()->currentIndex(), 0); // it switched to the Data page
        QVERIFY(!tour->highlight().isEmpty());
        for (int step = 2; step < tour->stepCount(); ++step) {
            QTest::mouseClick(tour->nextButton(), Qt::LeftButton);
            QCOMPARE(tour->currentStep(), step);
        }
        QTest::mouseClick(tour->nextButton(), Qt::LeftButton); // Finish
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().first().toBool(), true);

        ui::GuidedTour* again = window.startGuidedTour();
        QSignalSpy skipped(again, &ui::GuidedTour::finished);
        QTest::mouseClick(again->skipButton(), Qt::LeftButton);
        QCOMPARE(skipped.count(), 1);
        QCOMPARE(skipped.first().first().toBool(), false);
    }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
