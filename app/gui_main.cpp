// cnn-workbench: the desktop program. Sets up logging (file, stderr, the log panel), probes the
// devices once, and opens the main window on the default experiment.

#include "log_setup.h"

#include "ui/app/main_window.h"
#include "ui/app/translation_loader.h"
#include "ui/common/qt_log_sink.h"
#include "ui/results/runs_page.h"

#include "cnnwb/engine/core/device_info.h"
#include "cnnwb/engine/core/log.h"
#include "cnnwb/engine/core/paths.h"
#include "cnnwb/engine/core/threads.h"
#include "cnnwb/engine/core/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QSettings>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <string>
#include <string_view>

int main(int argc, char** argv)
{
    // --version must work where no display is (a container, ssh without -X): answer it before
    // QApplication, which needs one.
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--version" || arg == "-v") {
            const cnnwb::engine::VersionInfo v = cnnwb::engine::versionInfo();
            std::printf("cnn-workbench %s%s\n%s, Qt %s\n", v.project.c_str(),
                v.gitCommit.empty() ? "" : (" (" + v.gitCommit + ")").c_str(), v.librariesText().c_str(), qVersion());
            return 0;
        }
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("cnn-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("CNN Workbench"));
    QApplication::setOrganizationDomain(QStringLiteral("cnnworkbench.org"));
    // The desktop entry's id (packaging/), so desktops match the window to its launcher and icon.
    QGuiApplication::setDesktopFileName(QStringLiteral("org.cnnworkbench.CnnWorkbench"));
    const cnnwb::engine::VersionInfo versions = cnnwb::engine::versionInfo();
    QApplication::setApplicationVersion(QString::fromStdString(versions.project));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/cnn-workbench.svg")));
    // The language is chosen before any text is made, so --language is looked up by hand here.
    QString language = cnnwb::ui::TranslationLoader::chosenLanguage();
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string_view(argv[i]) == "--language")
            language = QString::fromLocal8Bit(argv[i + 1]);
    QTranslator translator;
    QTranslator qtTranslator;
    cnnwb::ui::TranslationLoader::install(translator, qtTranslator, language);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Design, train and export convolutional networks."));
    parser.addHelpOption();
    const QCommandLineOption versionOption(QStringList{QStringLiteral("v"), QStringLiteral("version")},
        QApplication::translate("main", "Show version information."));
    parser.addOption(versionOption);
    const QCommandLineOption dataOption(QStringLiteral("data"),
        QApplication::translate("main", "Open this dataset folder."), QApplication::translate("main", "folder"));
    parser.addOption(dataOption);
    const QCommandLineOption trainOption(
        QStringLiteral("train"), QApplication::translate("main", "Start training right away."));
    parser.addOption(trainOption);
    const QCommandLineOption pageOption(QStringLiteral("page"),
        QApplication::translate("main", "Open on this page: data, model, training, results, insight or runs."),
        QApplication::translate("main", "page"));
    parser.addOption(pageOption);
    const QCommandLineOption languageOption(QStringLiteral("language"),
        QApplication::translate("main", "Use this language (en, zh_CN) instead of the saved or system one."),
        QApplication::translate("main", "language"));
    parser.addOption(languageOption);
    const QCommandLineOption tourOption(
        QStringLiteral("tour"), QApplication::translate("main", "Start the guided first experiment."));
    parser.addOption(tourOption);
    const QCommandLineOption compareOption(QStringLiteral("compare-runs"),
        QApplication::translate("main", "On the Runs page, overlay the newest N runs."), QStringLiteral("N"));
    parser.addOption(compareOption);
    const QCommandLineOption findRateOption(QStringLiteral("find-learning-rate"),
        QApplication::translate("main", "Start the learning-rate range test (Train → Find Learning Rate)."));
    parser.addOption(findRateOption);
    const QCommandLineOption clusterOption(QStringLiteral("run-on-cluster"),
        QApplication::translate("main", "Open Train → Run on a Cluster for the experiment."));
    parser.addOption(clusterOption);
    parser.addPositionalArgument(QStringLiteral("experiment"),
        QApplication::translate("main", "Experiment file (JSON) or checkpoint (.ckpt) to open."),
        QStringLiteral("[experiment.json|checkpoint.ckpt]"));
    parser.process(app);
    auto panelSink = std::make_shared<cnnwb::ui::QtLogSink>();
    panelSink->set_pattern("%H:%M:%S %l: %v");
    panelSink->set_level(spdlog::level::info);
    const auto logFile = cnnwb::app::setUpLogging({.programName = "cnn-workbench", .extraSinks = {panelSink}});
    cnnwb::engine::configureThreads(0);
    spdlog::info("CNN Workbench {} starting; log file {}", versions.project, logFile.string());

    cnnwb::ui::MainWindow window(cnnwb::engine::probeDevices());
    window.connectLog(panelSink->emitter());

    std::filesystem::path dataset;
    if (parser.isSet(dataOption)) {
        dataset = parser.value(dataOption).toStdString();
    } else if (auto found = cnnwb::engine::findDefaultDataset(cnnwb::engine::defaultDataDir())) {
        dataset = *found;
    } else {
        dataset = cnnwb::engine::defaultDataDir();
    }
    window.openDataset(dataset);
    window.newExperiment(); // the seed CNN fitted to that dataset
    if (!parser.positionalArguments().isEmpty()) {
        const QString file = parser.positionalArguments().constFirst();
        if (file.endsWith(QStringLiteral(".ckpt"), Qt::CaseInsensitive))
            window.loadCheckpoint(file);
        else
            window.openExperiment(file);
    }
    if (parser.isSet(compareOption))
        window.runsPage()->tickNewest(parser.value(compareOption).toInt());
    if (parser.isSet(pageOption)) {
        const QString page = parser.value(pageOption).toLower();
        const QStringList pages = {QStringLiteral("data"), QStringLiteral("model"), QStringLiteral("training"),
            QStringLiteral("results"), QStringLiteral("insight"), QStringLiteral("runs")};
        if (pages.contains(page))
            window.tabs()->setCurrentIndex(static_cast<int>(pages.indexOf(page)));
    }
    window.show();
    // The walkthrough opens by itself once, on the first start (CNNWB_NO_TOUR=1 keeps it closed,
    // e.g. for scripted screenshots).
    QSettings settings;
    if (!settings.value(QStringLiteral("ui/tourShown")).toBool() && qEnvironmentVariableIntValue("CNNWB_NO_TOUR") == 0
        && !parser.isSet(trainOption) && !parser.isSet(tourOption)) {
        settings.setValue(QStringLiteral("ui/tourShown"), true);
        QTimer::singleShot(300, &window, [&window] { (void)window.startGuidedTour(); });
    }
    if (parser.isSet(findRateOption))
        QTimer::singleShot(300, &window, [&window] { (void)window.findLearningRate(); });
    if (parser.isSet(clusterOption))
        QTimer::singleShot(300, &window, [&window] { (void)window.runOnCluster(); });
    if (parser.isSet(tourOption))
        QTimer::singleShot(300, &window, [&window] { (void)window.startGuidedTour(); });
    if (parser.isSet(trainOption))
        QTimer::singleShot(0, &window, [&window] { window.startTraining(); });
    const int status = QApplication::exec();
    spdlog::shutdown();
    return status;
}
