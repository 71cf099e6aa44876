/* sensor.h: one reading per sensor, rewritten ten times a second */
struct SensorData {
    int sensor_id;
    double value;
    char status[16];
};
