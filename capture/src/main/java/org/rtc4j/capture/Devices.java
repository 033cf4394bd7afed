package org.rtc4j.capture;

import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avdevice.AVDeviceInfoList;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.ffmpeg.global.avformat;
import org.rtc4j.media.MediaException;
import org.rtc4j.media.Natives;

/**
 * Lists capture devices through avdevice: V4L2 cameras ({@code "v4l2"}), ALSA and PulseAudio sources
 * ({@code "alsa"}, {@code "pulse"}), and tells which input formats this FFmpeg build has.
 */
public final class Devices {
    /** One device: the name to open and a description. */
    public record Device(String name, String description, boolean isDefault) {
    }

    private static volatile boolean registered;

    private Devices() {
    }

    static AVInputFormat inputFormat(String name) throws MediaException {
        Natives.ensureFfmpeg();
        if (!registered) {
            avdevice.avdevice_register_all();
            registered = true;
        }
        AVInputFormat f = avformat.av_find_input_format(name);
        if (f == null) {
            throw new MediaException(MediaException.Reason.UNSUPPORTED, "input format " + name + " is not in this FFmpeg build ("
                    + Natives.FFMPEG_ARTIFACT + ", " + Natives.platform() + ")");
        }
        return f;
    }

    /** Whether the FFmpeg build has this input format or device ("v4l2", "x11grab", "pulse", "alsa", "lavfi"). */
    public static boolean hasInputFormat(String name) {
        try {
            inputFormat(name);
            return true;
        } catch (MediaException e) {
            return false;
        }
    }

    /**
     * The devices an input format offers; empty when there are none (or the format cannot list, as lavfi
     * and x11grab cannot).
     */
    public static List<Device> list(String inputFormat) throws MediaException {
        AVInputFormat f = inputFormat(inputFormat);
        AVDeviceInfoList list = new AVDeviceInfoList(null);
        int r = avdevice.avdevice_list_input_sources(f, (String) null, null, list);
        List<Device> out = new ArrayList<>();
        if (r < 0 || list.isNull()) {
            return out;
        }
        try {
            for (int i = 0; i < list.nb_devices(); i++) {
                var d = list.devices(i);
                out.add(new Device(d.device_name() == null ? "" : d.device_name().getString(),
                        d.device_description() == null ? "" : d.device_description().getString(), i == list.default_device()));
            }
        } finally {
            avdevice.avdevice_free_list_devices(list);
        }
        return out;
    }
}
