#include "ui/common/display_link.h"

#include <QApplication>
#include <QGuiApplication>

#include <array>

namespace cnnwb::ui {

DisplayLink DisplayLink::detect()
{
    const QByteArray forced = qgetenv("CNNWB_REMOTE_DISPLAY");
    if (!forced.isEmpty())
        return {forced != "0", tr("chosen by CNNWB_REMOTE_DISPLAY=%1").arg(QString::fromLocal8Bit(forced))};
    if (QGuiApplication::platformName() != QLatin1String("xcb"))
        return {false, tr("%1 display").arg(QGuiApplication::platformName())};
    if (qEnvironmentVariableIsSet("QT_XCB_NO_MITSHM"))
        return {true, tr("shared memory off (QT_XCB_NO_MITSHM), as in the container")};
    const QString display = qEnvironmentVariable("DISPLAY");
    const bool local = display.startsWith(QLatin1Char(':')) || display.startsWith(QLatin1String("unix:"));
    return {!local, QStringLiteral("DISPLAY=%1").arg(display)};
}

void setUiAnimations(bool enabled)
{
    static constexpr std::array kEffects{Qt::UI_AnimateMenu, Qt::UI_FadeMenu, Qt::UI_AnimateCombo,
        Qt::UI_AnimateTooltip, Qt::UI_FadeTooltip, Qt::UI_AnimateToolBox};
    // What the platform chose, read before the first change, is what "on" goes back to.
    static const auto platform = [] {
        std::array<bool, kEffects.size()> on{};
        for (std::size_t i = 0; i < kEffects.size(); ++i)
            on[i] = QApplication::isEffectEnabled(kEffects[i]);
        return on;
    }();
    for (std::size_t i = 0; i < kEffects.size(); ++i)
        QApplication::setEffectEnabled(kEffects[i], enabled && platform[i]);
}

} // namespace cnnwb::ui
