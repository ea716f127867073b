#pragma once

#include <QCoreApplication>
#include <QString>

#include <utility>

namespace cnnwb::ui {

/// Where the window is drawn. At the far end of a network (ssh -X, a container whose run script turns
/// MIT-SHM off) every repaint travels as an uncompressed image, 4 bytes a pixel: there the window draws
/// less often and without animations.
class DisplayLink {
    Q_DECLARE_TR_FUNCTIONS(DisplayLink)
public:
    /// The guess: DISPLAY names a host, or QT_XCB_NO_MITSHM is set; CNNWB_REMOTE_DISPLAY=1/0 overrides it.
    [[nodiscard]] static DisplayLink detect();

    [[nodiscard]] bool network() const noexcept { return m_network; }
    /// Why, in a few words for the View menu: "DISPLAY=host:10", "shared memory off (a container)", …
    [[nodiscard]] QString reason() const { return m_reason; }

private:
    DisplayLink(bool network, QString reason)
        : m_network(network)
        , m_reason(std::move(reason))
    {
    }

    bool m_network = false;
    QString m_reason;
};

/// Animations (menus fading, combo boxes sliding, tool tips) are a stream of full repaints over a
/// network display: off there, back to the platform's choice otherwise.
void setUiAnimations(bool enabled);

} // namespace cnnwb::ui
