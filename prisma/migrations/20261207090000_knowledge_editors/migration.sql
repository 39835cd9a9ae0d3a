-- Every user who edited a knowledge article version (four eyes: none of them publishes it).
ALTER TABLE "KnowledgeArticleVersion" ADD COLUMN "editorIds" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- Versions written before: their author is their one known editor.
UPDATE "KnowledgeArticleVersion" SET "editorIds" = ARRAY["authorId"];
