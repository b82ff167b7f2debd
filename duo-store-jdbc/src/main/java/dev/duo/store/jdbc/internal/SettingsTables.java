package dev.duo.store.jdbc.internal;

import dev.duo.spi.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.duo.InvalidConfigException;
import dev.duo.config.DuoConfig;
import dev.duo.config.StoredSettings;
import dev.duo.feature.FeatureSetting;
import dev.duo.admin.SettingProvider;
import dev.duo.internal.config.ConfigFile;
import dev.duo.internal.config.ConfigMapper;
import dev.duo.model.SelfHostedModel;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads and writes the three tables on a connection the caller manages. A model row is the duo.yml
 * model entry in columns (params and timeouts as JSON), so both go through the same validation.
 */
final class SettingsTables {

    static final String CHANNEL = "duo_settings_changed";
    private static final ObjectMapper JSON = Json.mapper();
    private static final Path NO_BASE = Path.of("");

    private SettingsTables() {
    }

    /** The change counter (one indexed row). */
    static long counter(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT change_counter FROM duo_settings WHERE id = 1")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Everything, as of one moment when {@code lock}: the settings row is locked for this transaction. */
    static StoredSettings read(Connection c, String url, boolean lock) throws SQLException {
        boolean beta;
        long version;
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT beta_models_enabled, change_counter FROM duo_settings WHERE id = 1"
                     + (lock ? " FOR UPDATE" : ""))) {
            r.next();
            beta = r.getBoolean(1);
            version = r.getLong(2);
        }
        List<SelfHostedModel> models = new ArrayList<>();
        Map<Long, String> names = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, name, model, identifier, endpoint, api_key_reference, region, params, "
                     + "timeouts, allow_insecure_endpoint, settings FROM ai_self_hosted_models ORDER BY position, id")) {
            while (r.next()) {
                ConfigFile.ModelEntry e = new ConfigFile.ModelEntry();
                e.name = r.getString("name");
                e.family = r.getString("model");
                e.identifier = r.getString("identifier");
                e.endpoint = r.getString("endpoint");
                e.apiKey = r.getString("api_key_reference");
                e.region = r.getString("region");
                e.params = fromJson(r.getString("params"), ConfigFile.ParamsEntry.class);
                e.timeouts = fromJson(r.getString("timeouts"), ConfigFile.TimeoutsEntry.class);
                e.allowInsecureEndpoint = r.getBoolean("allow_insecure_endpoint") ? Boolean.TRUE : null;
                readSettings(r.getString("settings"), e, "model '" + e.name + "'");
                names.put(r.getLong("id"), e.name);
                models.add(ConfigMapper.toModel(e, "the settings store " + url + ", ai_self_hosted_models"));
            }
        }
        Map<String, FeatureSetting> features = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT feature, provider, ai_self_hosted_model_id, settings FROM ai_feature_settings "
                     + "ORDER BY position, id")) {
            while (r.next()) {
                long modelId = r.getLong(3);
                String model = r.wasNull() ? null : names.get(modelId);
                FeatureSetting f = new FeatureSetting(SettingProvider.fromConfigName(r.getString(2)), model);
                ConfigFile.SettingEntry more = new ConfigFile.SettingEntry();
                readSettings(r.getString(4), more, "feature '" + r.getString(1) + "'");
                if (more.fallbackModels != null) {
                    f = f.withFallbacks(more.fallbackModels);
                }
                if ("ai_gateway".equals(more.via)) {
                    f = f.viaAiGateway();
                }
                features.put(r.getString(1), f);
            }
        }
        return new StoredSettings(beta, models, features, version);
    }

    /**
     * Writes what differs between {@code before} (read under the lock) and {@code after}, bumps the
     * counter and queues the notification (sent by PostgreSQL at commit).
     *
     * @return the new counter
     */
    static long write(Connection c, StoredSettings before, StoredSettings after) throws SQLException {
        Map<String, SelfHostedModel> old = new HashMap<>();
        before.models().forEach(m -> old.put(m.name(), m));
        List<ConfigFile.ModelEntry> entries = Objects.requireNonNull(
                ConfigMapper.toFile(DuoConfig.builder().models(after.models()).build(), NO_BASE).models);
        try (PreparedStatement up = c.prepareStatement("INSERT INTO ai_self_hosted_models (name, model, identifier, endpoint, "
                + "api_key_reference, region, params, timeouts, allow_insecure_endpoint, position, settings) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb) ON CONFLICT (name) DO UPDATE SET model = EXCLUDED.model, "
                + "identifier = EXCLUDED.identifier, endpoint = EXCLUDED.endpoint, api_key_reference = EXCLUDED.api_key_reference, "
                + "region = EXCLUDED.region, params = EXCLUDED.params, timeouts = EXCLUDED.timeouts, "
                + "allow_insecure_endpoint = EXCLUDED.allow_insecure_endpoint, position = EXCLUDED.position, "
                + "settings = EXCLUDED.settings, updated_at = now()")) {
            List<SelfHostedModel> models = after.models();
            for (int i = 0; i < models.size(); i++) {
                SelfHostedModel m = models.get(i);
                SelfHostedModel was = old.get(m.name());
                if (m.equals(was) && before.models().indexOf(was) == i) {
                    continue;
                }
                ConfigFile.ModelEntry e = entries.get(i);
                up.setString(1, e.name);
                up.setString(2, e.family);
                up.setString(3, e.identifier);
                up.setString(4, e.endpoint);
                up.setString(5, e.apiKey);
                up.setString(6, e.region);
                setJson(up, 7, e.params);
                setJson(up, 8, e.timeouts);
                up.setBoolean(9, Boolean.TRUE.equals(e.allowInsecureEndpoint));
                up.setInt(10, i);
                setJson(up, 11, beyondColumns(e, MODEL_COLUMNS));
                up.addBatch();
            }
            up.executeBatch();
        }
        String[] featureKeys = after.features().keySet().toArray(String[]::new);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM ai_feature_settings WHERE NOT (feature = ANY (?))")) {
            del.setArray(1, c.createArrayOf("text", featureKeys));
            del.executeUpdate();
        }
        try (PreparedStatement up = c.prepareStatement("INSERT INTO ai_feature_settings (feature, provider, "
                + "ai_self_hosted_model_id, position, settings) VALUES (?, ?, (SELECT id FROM ai_self_hosted_models WHERE name = ?), ?, "
                + "?::jsonb) ON CONFLICT (feature) DO UPDATE SET provider = EXCLUDED.provider, "
                + "ai_self_hosted_model_id = EXCLUDED.ai_self_hosted_model_id, position = EXCLUDED.position, "
                + "settings = EXCLUDED.settings, updated_at = now()")) {
            int i = 0;
            List<String> oldKeys = new ArrayList<>(before.features().keySet());
            for (Map.Entry<String, FeatureSetting> f : after.features().entrySet()) {
                if (!(f.getValue().equals(before.features().get(f.getKey())) && oldKeys.indexOf(f.getKey()) == i)) {
                    up.setString(1, f.getKey());
                    up.setString(2, f.getValue().provider().configName());
                    up.setString(3, f.getValue().model());
                    up.setInt(4, i);
                    setJson(up, 5, settingsOf(f.getValue()));
                    up.addBatch();
                }
                i++;
            }
            up.executeBatch();
        }
        String[] modelNames = after.models().stream().map(SelfHostedModel::name).toArray(String[]::new);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM ai_self_hosted_models WHERE NOT (name = ANY (?))")) {
            del.setArray(1, c.createArrayOf("text", modelNames));
            del.executeUpdate();
        }
        long counter;
        try (PreparedStatement s = c.prepareStatement("UPDATE duo_settings SET beta_models_enabled = ?, "
                + "change_counter = change_counter + 1, updated_at = clock_timestamp() WHERE id = 1 RETURNING change_counter")) {
            s.setBoolean(1, after.betaModelsEnabled());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                counter = r.getLong(1);
            }
        }
        try (PreparedStatement n = c.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)")) {
            n.setString(1, Long.toString(counter));
            n.execute();
        }
        return counter;
    }

    /** The duo.yml keys of a model entry that V1's columns hold; the rest goes to {@code settings}. */
    private static final List<String> MODEL_COLUMNS = List.of("name", "family", "identifier", "endpoint", "api_key",
            "region", "params", "timeouts", "allow_insecure_endpoint");

    /** The entry's keys that have no column of their own, or null when it has none. */
    private static ObjectNode beyondColumns(Object entry, List<String> columns) {
        ObjectNode all = JSON.valueToTree(entry);
        all.remove(columns);
        List<String> empty = new ArrayList<>();
        all.fieldNames().forEachRemaining(k -> {
            if (all.get(k).isNull()) {
                empty.add(k);
            }
        });
        all.remove(empty);
        return all.isEmpty() ? null : all;
    }

    /** A feature setting's keys beyond provider and model, as duo.yml spells them. */
    private static ObjectNode settingsOf(FeatureSetting f) {
        ConfigFile.SettingEntry e = new ConfigFile.SettingEntry();
        e.fallbackModels = f.fallbackModels().isEmpty() ? null : f.fallbackModels();
        e.via = f.viaGateway() ? "ai_gateway" : null;
        return beyondColumns(e, List.of("provider", "model"));
    }

    /** Reads a {@code settings} column into the entry (its keys beyond the columns). */
    private static void readSettings(String json, Object entry, String what) {
        if (json == null) {
            return;
        }
        try {
            JSON.readerForUpdating(entry).readValue(json);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("the settings store holds a " + what + " whose settings are not valid: "
                    + e.getOriginalMessage() + ". Write the settings again through this SDK's store");
        }
    }

    private static void setJson(PreparedStatement s, int i, Object value) throws SQLException {
        if (value == null) {
            s.setNull(i, Types.VARCHAR);
            return;
        }
        try {
            s.setString(i, JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T fromJson(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("the settings store holds a model whose " + type.getSimpleName()
                    + " is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
